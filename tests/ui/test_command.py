"""`clinics ui`: the Streamlit command line it runs, and bad ports."""

import pytest

from clinics.cli import main
from clinics.commands.ui import streamlit_command
from ui.app_path import APP_FILE

pytestmark = pytest.mark.unit


def test_streamlit_runs_headless_on_the_given_address_without_error_details():
    command = streamlit_command("127.0.0.1", 8765)
    assert command[1:4] == ["-m", "streamlit", "run"]
    assert command[4] == str(APP_FILE) and APP_FILE.is_file()
    for option in (
        "--server.headless=true",
        "--server.address=127.0.0.1",
        "--server.port=8765",
        "--client.showErrorDetails=none",
        "--browser.gatherUsageStats=false",
    ):
        assert option in command


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["ui", "--port", "70000"], {}, "--port must be between 1 and 65535"),
        (["ui", "--port", "0"], {}, "--port must be between 1 and 65535"),
        (["ui"], {"CLINICS_UI_PORT": "abc"}, "CLINICS_UI_PORT must be a port number"),
    ],
)
def test_bad_ports_are_usage_errors(argv, env, message, monkeypatch, capsys):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(argv) == 2
    assert message in capsys.readouterr().err
