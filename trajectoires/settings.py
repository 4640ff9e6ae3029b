"""Settings, read from the environment (healthchecks style: one module, small helpers).

DATABASE_URL           default: SQLite file under TRAJECTOIRES_DATA_DIR (default ./var/)
SECRET_KEY             or SECRET_KEY_FILE (default DATA_DIR/secret_key); required when DJANGO_DEBUG is off
DJANGO_DEBUG           "1" for development
ALLOWED_HOSTS          comma-separated
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp import constants as csp


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TRAJECTOIRES_DATA_DIR", "var")).resolve()

DEBUG = envbool("DJANGO_DEBUG")


def _secret_key() -> str:
    """SECRET_KEY, else the key kept in SECRET_KEY_FILE (default: DATA_DIR/secret_key, written
    by `make setup` and by a development start). Outside debug, no key is a refusal to start:
    there is no built-in key to fall back on (docs/securite.md)."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    key_file = Path(os.environ.get("SECRET_KEY_FILE", DATA_DIR / "secret_key"))
    if key_file.is_file():
        key = key_file.read_text(encoding="utf-8").strip()
        if key:
            return key
    if DEBUG:  # development and the demo: a random key, kept for the next starts
        import secrets

        key = secrets.token_urlsafe(50)
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(key + "\n", encoding="utf-8")
        key_file.chmod(0o600)
        return key
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Aucune clé secrète : Trajectoires refuse de démarrer sans elle en production. Définissez la variable "
        "d'environnement SECRET_KEY (50 caractères aléatoires ou plus, par exemple la sortie de "
        "`python3 -c \"import secrets; print(secrets.token_urlsafe(50))\"`), ou SECRET_KEY_FILE (un fichier qui la "
        f"contient ; par défaut {key_file}). Pour la démonstration, `make run` en crée une."
    )


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h]

INSTALLED_APPS = [
    "trajectoires.accounts.admin_app.AdminConfig",  # django.contrib.admin, limited to a Mission Locale
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
    "trajectoires.immersions",
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
    # hardening and the REST API (docs/securite.md)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "trajectoires.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "trajectoires.accounts.security.NoStoreMiddleware",  # no-store on every answer (personal data)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "trajectoires.rgpd.middleware.AuditMiddleware",  # auditlog's, with our client address
    "django.contrib.messages.middleware.MessageMiddleware",
    "trajectoires.accounts.security.SessionExpiryMiddleware",
    "trajectoires.accounts.security.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last (django-axes)
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
                "trajectoires.accounts.security.csp_nonce",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{DATA_DIR / 'trajectoires.sqlite3'}"
# Persistent connections (seconds; 0: one connection per request): opening one costs each
# request a connection, its PRAGMAs and SQLite's reading of the schema, or a PostgreSQL
# backend; measured in docs/workspace.md, "Pages under load".
DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent use: WAL journal, wait for locks instead of failing, and take the write lock at
    # the start of each transaction so two writers never deadlock on a lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            " PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
            # Reads through a memory map (up to 2 GiB, SQLite's default ceiling) instead of a
            # copy per page: 5 to 18 % less CPU for a report at 200,000 young people
            # (docs/indicateurs.md, Performances).
            " PRAGMA mmap_size=2147483648;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TRAJECTOIRES_TEST_SQLITE", None)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Argon2id first; older hashes are upgraded at the next login. Tests switch to a fast hasher
# (tests/conftest.py) except those that check argon2 itself.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes first: it refuses the password check of a locked username/address.
# Then our per-address limit across accounts (accounts/security.py), then the passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "trajectoires.accounts.security.AddressThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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

SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Hardening (docs/securite.md) -------------------------------------------------------------
# Sessions: closed after this many minutes without a request, and at the latest this many hours
# after the login (accounts/security.py).
TRAJECTOIRES_SESSION_INACTIVITE_MINUTES = int(os.environ.get("TRAJECTOIRES_SESSION_INACTIVITE_MINUTES", "30"))
TRAJECTOIRES_SESSION_DUREE_MAX_HEURES = int(os.environ.get("TRAJECTOIRES_SESSION_DUREE_MAX_HEURES", "10"))
SESSION_COOKIE_AGE = TRAJECTOIRES_SESSION_DUREE_MAX_HEURES * 3600
# Two-factor authentication (TOTP) for staff roles (accounts/perms.py STAFF_ROLES): on unless
# DJANGO_DEBUG; the demo and the tests switch it off with TRAJECTOIRES_2FA_OBLIGATOIRE=0.
TRAJECTOIRES_2FA_OBLIGATOIRE = envbool("TRAJECTOIRES_2FA_OBLIGATOIRE", "0" if DEBUG else "1")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Trajectoires")
# No device key nor QR code in the admin site (its TOTP admin is ours anyway: admin_third_party).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Login throttling (django-axes): locked after this many failures for a username from one
# address, for this long.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Login failures from one client address, whatever the username, before every login from that
# address is refused for AXES_COOLOFF_MINUTES (password spraying). 0: no limit.
TRAJECTOIRES_ECHECS_CONNEXION_PAR_ADRESSE = int(os.environ.get("TRAJECTOIRES_ECHECS_CONNEXION_PAR_ADRESSE", "20"))
AXES_LOCKOUT_CALLABLE = "trajectoires.accounts.security.lockout_response"
# The client address of the journal, the login throttle and the rate limits (accounts/client.py):
# X-Forwarded-For is believed only from these reverse proxies (comma-separated addresses or
# networks, e.g. "127.0.0.1,10.0.0.0/8"); empty: the connection's own address, always.
TRAJECTOIRES_PROXIES = [p.strip() for p in os.environ.get("TRAJECTOIRES_PROXIES", "").split(",") if p.strip()]
AXES_CLIENT_IP_CALLABLE = "trajectoires.accounts.client.axes_client_ip"
# REST API list endpoints (docs/securite.md): requests per user per minute, and young people
# listed per user per hour (/api/jeunes); beyond, 429 with a French message. 0: no limit.
TRAJECTOIRES_API_LISTES_PAR_MINUTE = int(os.environ.get("TRAJECTOIRES_API_LISTES_PAR_MINUTE", "30"))
TRAJECTOIRES_API_JEUNES_LISTES_PAR_HEURE = int(os.environ.get("TRAJECTOIRES_API_JEUNES_LISTES_PAR_HEURE", "2000"))
AXES_VERBOSE = False
# Content-Security-Policy (django-csp): scripts only from our own files or with the request's
# nonce, styles only from our own stylesheets (no inline style: the report's charts are images,
# htmx's indicator styles are in our CSS). No framing, no plugins, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
# Behind HTTPS (production): secure cookies, HSTS, redirect plain HTTP.
# TRAJECTOIRES_PROXY_SSL=1 when a reverse proxy terminates TLS and sets X-Forwarded-Proto.
TRAJECTOIRES_HTTPS = envbool("TRAJECTOIRES_HTTPS")
if TRAJECTOIRES_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("TRAJECTOIRES_SSL_REDIRECT", "1")
    SECURE_HSTS_SECONDS = int(os.environ.get("TRAJECTOIRES_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("TRAJECTOIRES_HSTS_PRELOAD", "1")
    if envbool("TRAJECTOIRES_PROXY_SSL"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_4xx_traceback": {"()": "trajectoires.utils.logs.NoClientErrorTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # An expected 403 or 404 is one line in the log, not a traceback.
    "loggers": {"django.request": {"filters": ["no_4xx_traceback"]}},
}

# --- Domain settings (editable; see docs/decisions.md) ---------------------------------------
# Exit motives counted as "sortie positive" (indicators.md, default as in interchange.md).
TRAJECTOIRES_MOTIFS_SORTIE_POSITIVE = os.environ.get(
    "TRAJECTOIRES_MOTIFS_SORTIE_POSITIVE", "emploi_durable,alternance,formation_qualifiante,creation_entreprise"
).split(",")
# Which files a counsellor may write to (docs/permissions.md): "portefeuille" (their portfolio and
# the files where they recorded a contact) or "structure" (every file of their Mission Locale).
TRAJECTOIRES_CONSEILLER_ECRITURE = os.environ.get("TRAJECTOIRES_CONSEILLER_ECRITURE", "portefeuille")
# The portfolio (workspace/portfolio.py): a young person is accompanied now with a contact within
# this many months, or an open programme; the counsellor's other files are dormant (listed apart).
TRAJECTOIRES_PORTEFEUILLE_ACTIF_MOIS = int(os.environ.get("TRAJECTOIRES_PORTEFEUILLE_ACTIF_MOIS", "12"))
# Statistical secrecy of the report (rapports/secret.py, docs/securite.md): a cell about a
# justice or health programme, or of a report restricted to one counsellor, counting from 1 to
# this threshold minus one is shown as "< 5" (every role but the direction on the live report;
# everyone in frozen editions). 1 or less masks nothing.
TRAJECTOIRES_SECRET_STATISTIQUE_SEUIL = int(os.environ.get("TRAJECTOIRES_SECRET_STATISTIQUE_SEUIL", "5"))
# Expensive report requests (a PDF of the live report or of an edition, generating an edition):
# at most this many per user and per minute, then 429 (edition/views.py). 0 switches it off.
TRAJECTOIRES_PDF_PAR_MINUTE = int(os.environ.get("TRAJECTOIRES_PDF_PAR_MINUTE", "6"))

# --- Personal data (docs/donnees-personnelles.md) ----------------------------------------------
# Audit journal: django-auditlog with our entry model (young person and Mission Locale columns).
AUDITLOG_LOGENTRY_MODEL = "rgpd.AuditEntry"
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_CID_GETTER = "trajectoires.rgpd.middleware.request_cid"  # one id per request: the entries of one action
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
