"""`aether seed-lookups`: global lookup defaults from maintained sources. ISO 3166 countries and
subdivisions come from pycountry, time zones from the IANA database (tzdata), and the app's own
short lists from APP_LISTS. Running it again updates changed names, adds new codes and leaves
overrides alone; it never duplicates a row."""

import datetime
import importlib.resources
import zoneinfo

import pycountry
from tqdm import tqdm

BATCH = 500
APP_LISTS = {
    "post_topic": ["announcements", "news", "events", "discussion", "questions", "jobs"],
    "user_status": ["active", "invited", "suspended", "inactive"],
    "file_purpose": ["logo", "photo", "slides", "handout", "badge_artwork", "video", "document"],
}


def countries():
    for country in pycountry.countries:
        yield {"group": country.alpha_2, "name": country.name, "alpha_3_code": country.alpha_3,
               "numeric_code": country.numeric, "official_name": getattr(country, "official_name", None)}


def country_subdivisions():
    for subdivision in pycountry.subdivisions:
        yield {"group": subdivision.code, "name": subdivision.name, "country_code": subdivision.country_code,
               "subdivision_type": subdivision.type}


def time_zones(now=None):
    now = now or datetime.datetime.now(datetime.timezone.utc)
    countries_of = _zone_countries()
    for name in sorted(set(countries_of) | {"UTC"}):
        offset = now.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        yield {"group": name, "name": name, "utc_offset": f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}",
               "utc_offset_minutes": minutes, "country_code": countries_of.get(name)}


def _zone_countries():
    """Zone name -> ISO country code, from the IANA zone.tab that tzdata ships."""
    text = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    zones = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.split("\t")[:3]
            zones[name] = code
    return zones


def app_list(kind):
    return lambda: ({"group": group, "name": group.replace("_", " ").capitalize(), "sort": i}
                    for i, group in enumerate(APP_LISTS[kind]))


SOURCES = {
    "country": countries,
    "country_subdivision": country_subdivisions,
    "time_zone": time_zones,
    **{kind: app_list(kind) for kind in APP_LISTS},
}


def seed(connection, progress=True):
    """Upserts every default; answers {lu_type: rows} of what the sources hold."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, table_name FROM lu_type")
        tables = {row["name"]: row["table_name"] for row in cursor.fetchall()}
    rows = {kind: list(source()) for kind, source in SOURCES.items() if kind in tables}
    with tqdm(total=sum(map(len, rows.values())), unit="row", disable=not progress, desc="lookups") as bar:
        for kind, items in rows.items():
            bar.set_postfix_str(kind)
            for start in range(0, len(items), BATCH):
                _upsert(connection, tables[kind], items[start:start + BATCH])
                bar.update(len(items[start:start + BATCH]))
    return {kind: len(items) for kind, items in rows.items()}


def _upsert(connection, table, items):
    columns = list(items[0])
    names = ", ".join(f"`{column}`" for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    updates = ", ".join(f"`{column}` = VALUES(`{column}`)" for column in columns if column != "group")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO `{table}` ({names}) VALUES ({marks}) ON DUPLICATE KEY UPDATE {updates}",
            [tuple(item[column] for column in columns) for item in items],
        )
