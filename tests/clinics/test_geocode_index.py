"""The on-disk index cache: written once, read afterwards, ignored when damaged."""

from __future__ import annotations

import shutil

import pytest

from clinics.geocode import gazetteer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    folder = tmp_path_factory.mktemp("index")
    files = gazetteer.prepare(folder)
    return folder, files


@pytest.fixture
def copy_of(prepared, tmp_path):
    folder, _files = prepared
    for path in folder.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _package_must_not_be_read(monkeypatch):
    def refuse():
        raise AssertionError("the zipcodes package was read although the cache is valid")

    monkeypatch.setattr(gazetteer, "_zip_rows_from_package", refuse)


def test_prepare_writes_the_zip_and_city_files(prepared):
    folder, files = prepared
    names = sorted(path.name for path in files)
    version = gazetteer.package_version()
    assert names == [
        f"zipcodes-{version}-v{gazetteer.INDEX_FORMAT}-cities.json",
        f"zipcodes-{version}-v{gazetteer.INDEX_FORMAT}-zips.json",
    ]
    assert not list(folder.glob("*.tmp"))


def test_a_valid_cache_is_read_instead_of_the_package(copy_of, monkeypatch):
    _package_must_not_be_read(monkeypatch)
    data = gazetteer.build(copy_of)
    assert data.zip("77030").city == "Houston"
    assert data.city("sugar land", "TX").name == "Sugar Land"
    assert data.city("west university place", "TX") is not None  # an accepted other name


@pytest.mark.parametrize("damage", ["{not json", "[]"])
def test_a_damaged_zip_file_is_rebuilt_from_the_package(copy_of, damage):
    zips_file, _ = gazetteer.cache_paths(copy_of, gazetteer.package_version())
    zips_file.write_text(damage)
    data = gazetteer.build(copy_of)
    assert data.zip("77030").state == "TX"
    assert zips_file.stat().st_size > 1_000_000


def test_a_damaged_city_file_is_rebuilt_when_first_needed(copy_of):
    _, cities_file = gazetteer.cache_paths(copy_of, gazetteer.package_version())
    cities_file.write_text("[")
    data = gazetteer.build(copy_of)
    assert data.city("houston", "TX").zip_count > 100
    assert cities_file.stat().st_size > 1_000_000


def test_files_of_other_versions_are_removed_when_the_index_is_rebuilt(copy_of):
    stale = copy_of / "zipcodes-0.0.1-v1-zips.json"
    stale.write_text("[]")
    zips_file, _ = gazetteer.cache_paths(copy_of, gazetteer.package_version())
    zips_file.unlink()
    gazetteer.build(copy_of)
    assert not stale.exists()


def test_without_a_cache_directory_the_index_still_works():
    data = gazetteer.build(None)
    assert data.zip("10001").city == "New York"
