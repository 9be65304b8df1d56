"""Groups are set by code from staff roles (awareness/groups.py): the configuration admin does
not offer them for editing by hand."""

from django.contrib import admin
from django.contrib.auth.models import Group

if admin.site.is_registered(Group):
    admin.site.unregister(Group)
