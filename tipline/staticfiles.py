"""Static files with content-hashed names once collected, so browsers may cache them for good.

`collectstatic` (run by `make run` before the server starts) writes the manifest of hashed names
into STATIC_ROOT, and WhiteNoise serves those names with a year's cache lifetime. Where nothing
was ever collected (the test run, `make dev`), templates get the plain names instead of failing:
the static files finder or WhiteNoise's autorefresh serves those.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # no manifest: collectstatic never ran into STATIC_ROOT
            return name
        return super().stored_name(name)
