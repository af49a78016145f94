import pytest

from api.config import DEV_JWT_KEY, ConfigError, Settings


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
