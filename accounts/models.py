from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Agency staff. Reporters never have accounts: they hold a receipt code instead."""
