"""The message catalog: every string of the interface, in English (EN) and Spanish (ES).

`t("key", name=...)` gives the string in the page's language, formatted with str.format.
The language is `?lang=es` in the URL (the language switch writes it), kept in the
session under LANG; outside a Streamlit run (unit tests, the CLI) it is English.
Taxonomy labels (therapies, conditions, provider types) live in clinics.taxonomy, in
both languages; filter titles and nouns are here as filter.<name> and filter.<name>.noun.

tests/ui/test_messages.py checks that EN and ES have the same keys, that every key is
used and every key used exists; tests/e2e/test_spanish.py walks the pages in Spanish.
"""

from __future__ import annotations

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT = "en"
LANG = "lang"  # session-state key of the page's language
Q_LANG = "lang"  # the URL's query parameter

_CATALOG: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ app
    "app.title": (
        "Find therapy and ketamine treatment near you",
        "Encuentre terapia y tratamiento con ketamina cerca de usted",
    ),
    "app.page_search": ("Find a provider", "Buscar un proveedor"),
    "app.page_maintainer": ("Maintainer", "Mantenimiento"),
    "app.page_failed": (
        "Sorry, this page ran into a problem. Please reload it or start a new search. "
        "If you need help now, call or text 988; in an emergency call 911.",
        "Lo sentimos, esta página tuvo un problema. Vuelva a cargarla o empiece una búsqueda "
        "nueva. Si necesita ayuda ahora, llame al 988 y marque 2; en una emergencia llame al 911.",
    ),
    "app.language": ("Language", "Idioma"),
    # ------------------------------------------------------------ engine errors
    "error.unavailable": (
        "The directory is not reachable right now, so we cannot search. "
        "Please try again in a minute. If you need help now, call or text 988.",
        "El directorio no está disponible en este momento y no podemos buscar. Inténtelo de "
        "nuevo en un minuto. Si necesita ayuda ahora, llame al 988 y marque 2.",
    ),
    "error.failed": (
        "Something went wrong while searching. Please try again or change the search. "
        "If you need help now, call or text 988.",
        "Algo salió mal durante la búsqueda. Inténtelo de nuevo o cambie la búsqueda. "
        "Si necesita ayuda ahora, llame al 988 y marque 2.",
    ),
    "error.report_failed": (
        "Your report could not be stored right now. Please try again later.",
        "No pudimos guardar su reporte en este momento. Inténtelo más tarde.",
    ),
    # ------------------------------------------------------------ crisis
    "crisis.banner": (
        "**In crisis or thinking about suicide?** Call or text "
        "[988](tel:988) ([text 988](sms:988)), the Suicide & Crisis Lifeline, any time. "
        "**Emergency: call [911](tel:911).**",
        "**¿En crisis o pensando en el suicidio?** Llame al [988](tel:988) y marque 2 para "
        "español, o envíe AYUDA por mensaje de texto al [988](sms:988?body=AYUDA): la Línea "
        "988 de Prevención del Suicidio y Crisis, a toda hora. "
        "**Emergencia: llame al [911](tel:911).**",
    ),
    "crisis.panel_title": (
        "You don't have to go through this alone",
        "No tiene que pasar por esto a solas",
    ),
    "crisis.panel": (
        "If you are thinking about ending your life or hurting yourself, please reach out now:\n\n"
        "- **Call or text [988](tel:988)**: the Suicide & Crisis Lifeline, free, 24/7, "
        "in English and Spanish.\n"
        "- **Chat** at [988lifeline.org](https://988lifeline.org/chat/).\n"
        "- **In immediate danger? Call [911](tel:911)** or go to the nearest emergency room.\n\n"
        "The providers below are listed for ongoing care; they are not a crisis service.",
        "Si está pensando en quitarse la vida o en hacerse daño, busque ayuda ahora:\n\n"
        "- **Llame al [988](tel:988) y marque 2**, o **envíe AYUDA por texto al "
        "[988](sms:988?body=AYUDA)**: la Línea 988 de Prevención del Suicidio y Crisis, "
        "gratuita, 24/7, en español.\n"
        "- **Chat** en [988lineadevida.org](https://988lineadevida.org/).\n"
        "- **¿En peligro inmediato? Llame al [911](tel:911)** o vaya a la sala de emergencias "
        "más cercana.\n\n"
        "Los proveedores de abajo son para atención continua; no son un servicio de crisis.",
    ),
    "crisis.not_endorsement": (
        "Listings are collected from public sources and are not endorsements or medical advice. "
        "Check credentials and details with the provider before you book.",
        "Los listados provienen de fuentes públicas y no son recomendaciones ni consejo médico. "
        "Verifique las credenciales y los detalles con el proveedor antes de hacer una cita.",
    ),
    "banner.sample": (
        "**Sample data.** This directory currently holds fictional sample listings, each "
        "marked “Fictional sample”. They are for trying the app only; do not contact them.",
        "**Datos de muestra.** Este directorio contiene ahora listados ficticios de muestra, "
        "cada uno marcado “Muestra ficticia”. Solo sirven para probar la aplicación; no los "
        "contacte.",
    ),
    # ------------------------------------------------------------ search page
    "search.heading": (
        "Find anxiety, depression and PTSD care near you",
        "Encuentre atención para ansiedad, depresión y TEPT cerca de usted",
    ),
    "geo.button": ("Use my location", "Usar mi ubicación"),
    "geo.denied": (
        "Your browser did not share a position. Type a place instead.",
        "Su navegador no compartió una ubicación. Escriba un lugar.",
    ),
    "geo.unavailable": (
        "Location from the browser is not available here; type a ZIP code instead.",
        "La ubicación del navegador no está disponible aquí; escriba un código postal.",
    ),
    "geo.caption": (
        "Your browser asks first; if you decline, just type a place below.",
        "Su navegador le preguntará primero; si no acepta, escriba un lugar abajo.",
    ),
    "geo.searching": (
        "Searching from the position your browser shared. Type a place to change it.",
        "Buscando desde la ubicación que compartió su navegador. Escriba un lugar para cambiarla.",
    ),
    "form.where": (
        "Where? ZIP code, city, address or “lat, lon”",
        "¿Dónde? Código postal, ciudad, dirección o “lat, lon”",
    ),
    "form.where_placeholder": ("e.g. 77030 or Sugar Land, TX", "p. ej. 77030 o Sugar Land, TX"),
    "form.what": ("What? (optional)", "¿Qué busca? (opcional)"),
    "form.what_placeholder": (
        "e.g. ketamine, EMDR, a name",
        "p. ej. ketamina, EMDR, un nombre",
    ),
    "form.within": ("Within", "Distancia"),
    "form.miles": ("{miles:g} miles", "{miles:g} millas"),
    "form.search": ("Search", "Buscar"),
    "location.yours": ("near your location", "cerca de su ubicación"),
    "location.yours_place": (
        "near your location ({place}) · from your browser",
        "cerca de su ubicación ({place}) · según su navegador",
    ),
    "location.near": ("near {name} · {how}", "cerca de {name} · {how}"),
    "location.ambiguous": (
        "more than one place has this name; add a state or ZIP to be sure",
        "hay más de un lugar con este nombre; añada un estado o código postal",
    ),
    "location.approximate": ("approximate", "aproximado"),
    "precision.point": ("your exact position", "su ubicación exacta"),
    "precision.source": (
        "exact position given by the source",
        "ubicación exacta dada por la fuente",
    ),
    "precision.address": ("street address", "dirección"),
    "precision.zip": ("ZIP centre, approximate", "centro del código postal, aproximado"),
    "precision.city": ("city centre, approximate", "centro de la ciudad, aproximado"),
    "precision.none": ("unknown", "desconocida"),
    "note.prefix": ("Note: {note}", "Nota: {note}"),
    "sort.label": ("Sort", "Ordenar"),
    "sort.distance": ("Nearest first", "Más cercanos primero"),
    "sort.relevance": ("Best match", "Mejor coincidencia"),
    "sort.recent": ("Recently verified", "Verificados recientemente"),
    "count.one": ("1 provider", "1 proveedor"),
    "count.all": ("{total} providers", "{total} proveedores"),
    "count.range": ("{first}–{last} of {total} providers", "{first}–{last} de {total} proveedores"),
    "results.filters_hint": (
        "Narrow the list with the “Filters” button above.",
        "Afine la lista con el botón “Filtros” de arriba.",
    ),
    "map.note": (
        "Numbers match the list. The outline map is simplified and approximate.",
        "Los números coinciden con la lista. El mapa es simplificado y aproximado.",
    ),
    "map.as_list": ("The map as a list", "El mapa como lista"),
    "map.none": (
        "No provider of this page has a position.",
        "Ningún proveedor de esta página tiene una ubicación.",
    ),
    "pager.previous": ("← Previous", "← Anterior"),
    "pager.next": ("Next →", "Siguiente →"),
    "pager.page": ("Page {page}", "Página {page}"),
    "provider.back": ("← Back to results", "← Volver a los resultados"),
    "provider.gone": (
        "This listing is not in the directory any more, or the link is incomplete.",
        "Este listado ya no está en el directorio, o el enlace está incompleto.",
    ),
    # ------------------------------------------------------------ empty and error states
    "state.welcome": (
        "Type a ZIP code, a city (“Sugar Land, TX”), an address or “lat, lon” above, or use "
        "your location. Then narrow the list with the filters.",
        "Escriba arriba un código postal, una ciudad (“Sugar Land, TX”), una dirección o "
        "“lat, lon”, o use su ubicación. Después afine la lista con los filtros.",
    ),
    "state.not_found": (
        "We could not find a place called “{place}”. "
        "Try a 5-digit ZIP code, “City, ST” or a full street address.",
        "No encontramos un lugar llamado “{place}”. "
        "Pruebe un código postal de 5 dígitos, “Ciudad, ST” o una dirección completa.",
    ),
    "state.did_you_mean": ("Did you mean:", "¿Quiso decir:"),
    "state.examples": ("Examples: {examples}", "Ejemplos: {examples}"),
    "state.nothing": ("No providers match this search.", "Ningún proveedor coincide."),
    "state.nothing_within": (
        "No providers match this search within {miles:g} miles.",
        "Ningún proveedor coincide con esta búsqueda a menos de {miles:g} millas.",
    ),
    "state.beyond": (
        "Nothing matches within {miles:g} miles.{nearest} They are listed below.",
        "Nada coincide a menos de {miles:g} millas.{nearest} Se muestran abajo.",
    ),
    "state.beyond_nearest": (
        " The nearest matches are about {miles:.0f} miles away.",
        " Los más cercanos están a unas {miles:.0f} millas.",
    ),
    "relax.none": (
        "Removing any single filter would not help; try another place or fewer words.",
        "Quitar un solo filtro no ayudaría; pruebe otro lugar o menos palabras.",
    ),
    "relax.title": ("**Try relaxing one filter:**", "**Pruebe a quitar un filtro:**"),
    "relax.without": ("Without {what}", "Sin {what}"),
    "relax.words": ("Words: {text}", "Palabras: {text}"),
    "relax.radius": ("Radius: search {miles:g} mi instead", "Radio: buscar a {miles:g} mi"),
    "relax.option_one": ("{description} → 1 provider", "{description} → 1 proveedor"),
    "relax.option": ("{description} → {count} providers", "{description} → {count} proveedores"),
    # ------------------------------------------------------------ filters
    "filters.header": ("Filters", "Filtros"),
    "filters.open": ("Filters", "Filtros"),
    "filters.access": ("**Access**", "**Acceso**"),
    "filters.clear": ("Clear all filters", "Quitar todos los filtros"),
    "filters.none": (
        "No {noun} information in these results.",
        "No hay información de {noun} en estos resultados.",
    ),
    "filters.any": ("Any", "Cualquiera"),
    "filter.therapies": ("Therapy", "Terapia"),
    "filter.therapies.noun": ("therapy", "terapia"),
    "filter.conditions": ("Condition", "Condición"),
    "filter.conditions.noun": ("condition", "condición"),
    "filter.provider_types": ("Provider type", "Tipo de proveedor"),
    "filter.provider_types.noun": ("provider type", "tipo de proveedor"),
    "filter.telehealth": ("Telehealth available", "Ofrece telesalud"),
    "filter.telehealth.noun": ("telehealth", "telesalud"),
    "filter.accepting_new_patients": ("Accepting new patients", "Acepta pacientes nuevos"),
    "filter.accepting_new_patients.noun": ("new patients", "pacientes nuevos"),
    "filter.insurance": ("Insurance", "Seguro médico"),
    "filter.insurance.noun": ("insurance", "seguro médico"),
    "filter.languages": ("Language", "Idioma de atención"),
    "filter.languages.noun": ("language", "idioma"),
    "filter.other_language": (
        "Speaks a language besides English",
        "Habla un idioma además del inglés",
    ),
    "filter.other_language.noun": ("language", "idioma"),
    # ------------------------------------------------------------ costs and access (ui/render/costs.py)
    "filter.sliding_scale_or_free": (
        "Sliding scale or free care",
        "Tarifa según ingresos o atención gratuita",
    ),
    "filter.sliding_scale_or_free.noun": (
        "sliding scale or free care",
        "tarifa según ingresos o atención gratuita",
    ),
    "cost.unit.session": ("per session", "por sesión"),
    "cost.unit.infusion": ("per infusion", "por infusión"),
    "cost.unit.treatment": ("per treatment", "por tratamiento"),
    "cost.unit.series": ("for the series", "por la serie completa"),
    "cost.unit.visit": ("per visit", "por visita"),
    "cost.unit.consultation": ("per consultation", "por consulta"),
    "cost.unit.evaluation": ("per evaluation", "por evaluación"),
    "cost.unit.hour": ("per hour", "por hora"),
    "cost.unit.month": ("per month", "al mes"),
    "cost.sliding_scale": ("Sliding scale", "Tarifa según ingresos"),
    "cost.free": ("Free or no-charge care", "Atención gratuita o sin costo"),
    "cost.from": ("{what} · from {where}, {day}", "{what} · según {where}, {day}"),
    "cost.more": (
        "+{count} more prices under Details and sources",
        "+{count} precios más en Detalles y fuentes",
    ),
    "cost.heading": ("Costs", "Costos"),
    "cost.note": (
        "Shown only as each source states it, with where and when. Prices change, and a "
        "listing is not an endorsement: call to confirm before you book.",
        "Se muestran solo como lo indica cada fuente, con dónde y cuándo. Los precios cambian "
        "y un listado no es una recomendación: llame para confirmar antes de reservar.",
    ),
    "cost.says": (
        "**{what}**: “{quote}” ({where}, {day})",
        "**{what}**: “{quote}” ({where}, {day})",
    ),
    "card.insurance": ("Insurance: {names}", "Seguro médico: {names}"),
    "badge.accepting_as_of": (
        "Accepting new patients (as of {day})",
        "Acepta pacientes nuevos (al {day})",
    ),
    # ------------------------------------------------------------ cards
    "card.website_of": ("Website of {name}", "Sitio web de {name}"),
    "card.website": ("Website", "Sitio web"),
    "card.at": ("at {organisation}", "en {organisation}"),
    "badge.sample": ("Fictional sample", "Muestra ficticia"),
    "badge.more": ("+{count} more", "+{count} más"),
    "badge.telehealth": ("Telehealth", "Telesalud"),
    "badge.accepting": ("Accepting new patients", "Acepta pacientes nuevos"),
    "badge.not_accepting": ("Not accepting new patients", "No acepta pacientes nuevos"),
    "card.source": ("Source: {sources}", "Fuente: {sources}"),
    "card.source_more": ("and {count} more", "y {count} más"),
    "card.source_unknown": ("unknown", "desconocida"),
    "card.verified": (" · last verified {day}", " · verificado por última vez el {day}"),
    "card.details": ("Details and sources", "Detalles y fuentes"),
    "card.details_help": (
        "Every field, every source, hours, and a way to report a mistake",
        "Todos los datos, todas las fuentes, el horario y cómo reportar un error",
    ),
    "source.npi": ("NPI Registry", "Registro NPI"),
    "source.findtreatment": ("FindTreatment.gov", "FindTreatment.gov (SAMHSA)"),
    "source.clinic_sites": ("Clinic website", "Sitio web de la clínica"),
    "source.sample": ("Sample data", "Datos de muestra"),
    "source.unknown": ("Unknown source", "Fuente desconocida"),
    "source.directory": ("Directory: {name}", "Directorio: {name}"),
    # ------------------------------------------------------------ provider page
    "detail.away": (" ({distance} away)", " (a {distance})"),
    "detail.hours": ("Hours", "Horario"),
    "detail.hours_none": ("Not listed. Call to check.", "No publicado. Llame para confirmar."),
    "detail.details": ("Details", "Detalles"),
    "detail.sources": ("Sources", "Fuentes"),
    "detail.no_source": (
        "No source is recorded for this listing.",
        "No hay fuentes registradas para este listado.",
    ),
    "detail.fetched": ("fetched {day}", "consultado el {day}"),
    "detail.date_unknown": ("date unknown", "fecha desconocida"),
    "detail.yes": ("Yes", "Sí"),
    "detail.no": ("No", "No"),
    "dates.months": (
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "ene feb mar abr may jun jul ago sep oct nov dic",
    ),
    "kind.individual": ("Individual provider", "Proveedor individual"),
    "kind.organization": ("Organization or clinic", "Organización o clínica"),
    "field.kind": ("Kind", "Tipo"),
    "field.credentials": ("Credentials", "Credenciales"),
    "field.provider_types": ("Provider type", "Tipo de proveedor"),
    "field.organization_name": ("Organization", "Organización"),
    "field.alternate_names": ("Also known as", "También conocido como"),
    "field.npi": ("NPI number", "Número NPI"),
    "field.description": ("Description", "Descripción"),
    "field.therapies": ("Therapies", "Terapias"),
    "field.conditions": ("Conditions", "Condiciones"),
    "field.telehealth": ("Telehealth", "Telesalud"),
    "field.accepting_new_patients": ("Accepting new patients", "Acepta pacientes nuevos"),
    "field.accepting_as_of": ("Accepting, as of", "Acepta, según fecha"),
    "field.insurance": ("Insurance", "Seguro médico"),
    "field.payment": ("Payment", "Pago"),
    "field.languages": ("Languages", "Idiomas"),
    "field.ages_served": ("Ages served", "Edades atendidas"),
    "field.phone_ext": ("Phone extension", "Extensión telefónica"),
    "field.email": ("Email", "Correo electrónico"),
    "field.geo_precision": ("Map position from", "Ubicación en el mapa según"),
    "field.first_seen": ("First seen", "Visto por primera vez"),
    "field.last_seen": ("Last seen", "Visto por última vez"),
    "field.last_verified": ("Last verified", "Verificado por última vez"),
    "weekday.MO": ("Monday", "lunes"),
    "weekday.TU": ("Tuesday", "martes"),
    "weekday.WE": ("Wednesday", "miércoles"),
    "weekday.TH": ("Thursday", "jueves"),
    "weekday.FR": ("Friday", "viernes"),
    "weekday.SA": ("Saturday", "sábado"),
    "weekday.SU": ("Sunday", "domingo"),
    "evidence.heading": (
        "Why these therapies and conditions are listed",
        "Por qué se listan estas terapias y condiciones",
    ),
    "evidence.note": (
        "Each one is listed only where the provider's own words or a source's code say it; "
        "a listing is not an endorsement. Check with the provider before you go.",
        "Cada una se lista solo donde lo dicen las palabras del proveedor o el código de una "
        "fuente; un listado no es una recomendación. Confirme con el proveedor antes de ir.",
    ),
    "evidence.none": (
        "Listed for **{name}**: no evidence stored.",
        "Listado para **{name}**: no hay evidencia guardada.",
    ),
    "evidence.listed": (
        "Listed for **{name}** because {who}{where}{more}",
        "Listado para **{name}** porque {who}{where}{more}",
    ),
    "evidence.more": (" (+{count} more)", " (+{count} más)"),
    "evidence.source_says": ("the source says so ({code})", "la fuente lo indica ({code})"),
    "evidence.site_says": ("their site says: “{quote}”", "su sitio web dice: “{quote}”"),
    "evidence.listing_says": ("their listing says: “{quote}”", "su listado dice: “{quote}”"),
    "evidence.page": ("source page", "página de la fuente"),
    "report.title": ("Report incorrect information", "Reportar información incorrecta"),
    "report.caption": (
        "Tell us what is wrong (closed, moved, wrong phone, does not offer a therapy). "
        "Please do not include health details.",
        "Díganos qué está mal (cerró, se mudó, teléfono equivocado, no ofrece una terapia). "
        "Por favor no incluya datos de salud.",
    ),
    "report.message": ("What is wrong?", "¿Qué está mal?"),
    "report.contact": (
        "Your email or phone (optional, only if you want us to follow up)",
        "Su correo o teléfono (opcional, solo si quiere que le respondamos)",
    ),
    "report.send": ("Send report", "Enviar reporte"),
    "report.empty": (
        "Please describe what is wrong before sending.",
        "Describa qué está mal antes de enviar.",
    ),
    "report.thanks": (
        "Thank you. Your report was stored ({stamp}); a maintainer will review it.",
        "Gracias. Guardamos su reporte ({stamp}); una persona del equipo lo revisará.",
    ),
    # ------------------------------------------------------------ maintainer page (ui/views/maintainer.py)
    "maint.off": ("The maintainer page is off.", "La página de mantenimiento está desactivada."),
    "maint.for_maintainers": (
        "This page is for the directory's maintainers.",
        "Esta página es para quienes mantienen el directorio.",
    ),
    "maint.token": ("Maintainer token", "Clave de mantenimiento"),
    "maint.sign_in": ("Sign in", "Entrar"),
    "maint.sign_out": ("Sign out", "Salir"),
    "maint.too_many": (
        "Too many wrong tokens. Wait a minute, then try again.",
        "Demasiadas claves incorrectas. Espere un minuto e inténtelo de nuevo.",
    ),
    "maint.wrong": ("That token is not right.", "Esa clave no es correcta."),
    "maint.not_allowed": (
        "This app's Elasticsearch user may not read this (least privilege, docs/security.md). "
        "Read the reports with `clinics reports list` under the reports user.",
        "El usuario de Elasticsearch de esta aplicación no puede leer esto (mínimo privilegio, "
        "docs/security.md). Lea los reportes con `clinics reports list` con el usuario de "
        "reportes.",
    ),
    "maint.caption": (
        "Index status, counts by source, freshness and reports. Refreshes on reload.",
        "Estado del índice, recuentos por fuente, actualidad y reportes. Se actualiza al recargar.",
    ),
    "maint.no_alias": (
        "The alias “{alias}” does not exist yet. Load records with "
        "`clinics index FILE --mode rebuild`.",
        "El alias “{alias}” todavía no existe. Cargue registros con "
        "`clinics index FILE --mode rebuild`.",
    ),
    "maint.providers": ("Providers", "Proveedores"),
    "maint.sources": ("Sources", "Fuentes"),
    "maint.oldest_verified": ("Oldest verification", "Verificación más antigua"),
    "maint.newest_seen": ("Newest sighting", "Visto más recientemente"),
    "maint.alias": ("Alias **{alias}** → {indices}", "Alias **{alias}** → índices {indices}"),
    "maint.holds_sample": (" · holds sample records", " · contiene registros de muestra"),
    "maint.older_versions": (
        "Older versions kept: {names}",
        "Versiones anteriores guardadas: {names}",
    ),
    "maint.by_source": ("Providers by source", "Proveedores por fuente"),
    "maint.col_source": ("Source", "Fuente"),
    "maint.col_code": ("Code", "Código"),
    "maint.col_providers": ("Providers", "Proveedores"),
    "maint.col_crawl_finished": ("Last crawl finished", "Última recolección terminada"),
    "maint.col_records": ("Records in it", "Registros en ella"),
    "maint.col_full": ("Full crawl", "Recolección completa"),
    "maint.col_loaded": ("Loaded", "Cargada"),
    "maint.no_documents": ("No documents yet.", "Todavía no hay documentos."),
    "maint.reports": ("Reports of incorrect information", "Reportes de información incorrecta"),
    "maint.contact_note": (
        "Contact details are personal data: they are removed {days} days after a report "
        "arrives (CLINICS_REPORTS_CONTACT_DAYS). Do not copy them elsewhere.",
        "Los datos de contacto son datos personales: se borran {days} días después de recibir "
        "el reporte (CLINICS_REPORTS_CONTACT_DAYS). No los copie a otro lugar.",
    ),
    "maint.no_reports": ("No reports yet.", "Todavía no hay reportes."),
    "maint.col_received": ("Received", "Recibido"),
    "maint.col_provider_id": ("Provider id", "Id del proveedor"),
    "maint.col_message": ("Message", "Mensaje"),
    "maint.col_contact": ("Contact", "Contacto"),
}

EN: dict[str, str] = {key: pair[0] for key, pair in _CATALOG.items()}
ES: dict[str, str] = {key: pair[1] for key, pair in _CATALOG.items()}
CATALOGS = {"en": EN, "es": ES}


def normalise(lang: object) -> str:
    text = str(lang or "").strip().lower()[:5]
    return text if text in LANGUAGES else DEFAULT


def current() -> str:
    """The page's language: the session's, else English (also outside a Streamlit run)."""
    try:
        import streamlit as st

        return normalise(st.session_state.get(LANG))
    except Exception:
        return DEFAULT


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The message `key` in `lang` (default: the page's language), formatted with values."""
    text = CATALOGS[normalise(lang) if lang else current()][key]
    return text.format(**values) if values else text
