import pytest

from api.config import DEV_JWT_KEY, ConfigError, Settings
from api.mail import SmtpServer


def test_settings_come_from_the_environment():
    settings = Settings.from_env({"AE_DB_URL": "mysql://u:p@db:3306/x", "AE_DB_POOL_SIZE": "3",
                                  "AE_REDIS_URL": "redis://r:6379/1", "AE_LOG_LEVEL": "DEBUG"})
    assert settings.db_url == "mysql://u:p@db:3306/x" and settings.db_pool_size == 3
    assert settings.redis_url == "redis://r:6379/1" and settings.log_level == "DEBUG"


def test_defaults_are_for_development():
    settings = Settings.from_env({}).check()
    assert settings.env == "development" and settings.jwt_key == DEV_JWT_KEY


def test_production_refuses_the_development_jwt_key():
    with pytest.raises(ConfigError, match="development key"):
        Settings.from_env({"AE_ENV": "production"}).check()


def test_production_refuses_a_short_jwt_key():
    with pytest.raises(ConfigError, match="shorter than 32 bytes"):
        Settings.from_env({"AE_ENV": "production", "AE_API_JWT_KEY": "short"}).check()


def test_production_accepts_a_long_secret():
    Settings.from_env({"AE_ENV": "production", "AE_API_JWT_KEY": "k" * 32}).check()


def test_a_number_setting_that_is_not_a_number_is_named():
    with pytest.raises(ConfigError, match="AE_DB_POOL_SIZE"):
        Settings.from_env({"AE_DB_POOL_SIZE": "ten"})


def test_mail_settings_come_from_the_environment():
    settings = Settings.from_env({"AE_SMTP_URL": "smtps://u:p@mail.example:465", "AE_MAIL_FROM": "no-reply@x.test",
                                  "AE_MAIL_DIR": "/tmp/m", "AE_PUBLIC_URL": "https://api.x.test"}).check()
    assert (settings.smtp_url, settings.mail_from, settings.mail_dir, settings.public_url) == (
        "smtps://u:p@mail.example:465", "no-reply@x.test", "/tmp/m", "https://api.x.test")
    defaults = Settings.from_env({})
    assert (defaults.smtp_url, defaults.mail_from, defaults.mail_dir, defaults.public_url) == (
        "", "aether@localhost", "./mail", "http://127.0.0.1:5005")


def test_an_smtp_url_that_is_not_smtp_is_refused():
    with pytest.raises(ConfigError, match="AE_SMTP_URL"):
        Settings.from_env({"AE_SMTP_URL": "http://mail.example"}).check()


def test_the_smtp_url_names_server_credentials_and_tls():
    plain = SmtpServer.parse("smtp://me%40x.test:s%3Acret@mail.example:2525?starttls=true")
    assert (plain.host, plain.port, plain.user, plain.password, plain.tls, plain.starttls) == (
        "mail.example", 2525, "me@x.test", "s:cret", False, True)
    tls = SmtpServer.parse("smtps://mail.example")
    assert (tls.port, tls.tls, tls.starttls, tls.user) == (465, True, False, None)
    assert SmtpServer.parse("smtp://mail.example").port == 25
