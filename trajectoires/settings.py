"""Settings, read from the environment (healthchecks style: one module, small helpers).

DATABASE_URL           default: SQLite file under TRAJECTOIRES_DATA_DIR (default ./var/)
SECRET_KEY             required when DJANGO_DEBUG is off
DJANGO_DEBUG           "1" for development
ALLOWED_HOSTS          comma-separated
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TRAJECTOIRES_DATA_DIR", "var")).resolve()

DEBUG = envbool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("TRAJECTOIRES_REQUIRE_SECRET_KEY") == "1":
        raise RuntimeError("SECRET_KEY doit être défini en production.")
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # domain apps
    "trajectoires.structures",
    "trajectoires.accounts",
    "trajectoires.jeunes",
    "trajectoires.accompagnement",
    "trajectoires.dispositifs",
    "trajectoires.situations",
    "trajectoires.aides",
    "trajectoires.entreprises",
    "trajectoires.parrainage",
    "trajectoires.reperage",
    "trajectoires.obligation_formation",
    "trajectoires.manifestations",
    "trajectoires.satisfaction",
    "trajectoires.interchange",
    "auditlog",
    "trajectoires.rgpd",
    "trajectoires.demo",
    "trajectoires.rapports",
    "trajectoires.edition",
    "trajectoires.workspace",
    "trajectoires.agenda",
    "trajectoires.accueil",
    "trajectoires.www",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "trajectoires.urls"
WSGI_APPLICATION = "trajectoires.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trajectoires.workspace.context_processors.workspace",
                "trajectoires.rgpd.context_processors.rgpd",
                "trajectoires.agenda.context_processors.agenda",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{DATA_DIR / 'trajectoires.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent use: WAL journal, wait for locks instead of failing, and take the write lock at
    # the start of each transaction so two writers never deadlock on a lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            " PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TRAJECTOIRES_TEST_SQLITE", None)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Locale: French, every period boundary computed in Europe/Paris ---------------------------
LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise wants it, even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Domain settings (editable; see docs/decisions.md) ---------------------------------------
# Exit motives counted as "sortie positive" (indicators.md, default as in interchange.md).
TRAJECTOIRES_MOTIFS_SORTIE_POSITIVE = os.environ.get(
    "TRAJECTOIRES_MOTIFS_SORTIE_POSITIVE", "emploi_durable,alternance,formation_qualifiante,creation_entreprise"
).split(",")
# Which files a counsellor may write to (docs/permissions.md): "portefeuille" (their portfolio and
# the files where they recorded a contact) or "structure" (every file of their Mission Locale).
TRAJECTOIRES_CONSEILLER_ECRITURE = os.environ.get("TRAJECTOIRES_CONSEILLER_ECRITURE", "portefeuille")

# --- Personal data (docs/donnees-personnelles.md) ----------------------------------------------
# Audit journal: django-auditlog with our entry model (young person and Mission Locale columns).
AUDITLOG_LOGENTRY_MODEL = "rgpd.AuditEntry"
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# Retention: a file is anonymised after this many months without any activity (contact,
# programme, situation, help…), and at the latest this many months after the last programme
# exit; `trajectoires retention --notifier` warns the referents this many days beforehand.
TRAJECTOIRES_RETENTION_SANS_ACTIVITE_MOIS = int(os.environ.get("TRAJECTOIRES_RETENTION_SANS_ACTIVITE_MOIS", "24"))
TRAJECTOIRES_RETENTION_APRES_SORTIE_MOIS = int(os.environ.get("TRAJECTOIRES_RETENTION_APRES_SORTIE_MOIS", "60"))
TRAJECTOIRES_RETENTION_PREAVIS_JOURS = int(os.environ.get("TRAJECTOIRES_RETENTION_PREAVIS_JOURS", "30"))
# Optional: also anonymise on this birthday (décret 2015-59 art. 6 says 26 for i-milo). Empty: off.
TRAJECTOIRES_RETENTION_AGE_MAX = int(os.environ["TRAJECTOIRES_RETENTION_AGE_MAX"]) if os.environ.get(
    "TRAJECTOIRES_RETENTION_AGE_MAX"
) else None
