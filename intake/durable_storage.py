"""The default attachment store: a directory, every file and rename fsynced before save() returns.

Django's FileSystemStorage returns once the bytes are in the page cache; a crash then could lose
a file whose report row has already committed. This one writes `<name>.tmp`, fsyncs it, renames
it over the name and fsyncs the directory, so save() returning means durable. The location is
TIPLINE_STORAGE_OPTIONS' "location", else settings.ATTACHMENT_DIR (read on every use, so a test
that points ATTACHMENT_DIR elsewhere moves the store too).
"""

import contextlib
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage

from core.durable import fsync_dir

TMP_SUFFIX = ".tmp"


class DurableFileSystemStorage(FileSystemStorage):
    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location, allow_overwrite=True, **kwargs)

    @property
    def base_location(self):
        return self._location or str(settings.ATTACHMENT_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def get_available_name(self, name, max_length=None):
        return name  # names are unique ids; a second save of one is a retry that replaces it

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        tmp = full_path + TMP_SUFFIX
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, full_path)
            fsync_dir(directory)  # the rename must be durable before the row that points here
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return name

    def delete(self, name):
        super().delete(name)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path(name) + TMP_SUFFIX)
