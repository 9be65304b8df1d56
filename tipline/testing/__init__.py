"""What every app's tests share, besides the personas of tipline/test.py.

- builders.py: data built through the real models: the one category builder (`category`), the
  one region builder (`region`, `regions`), uploads (`png_upload`, `text_upload`, `text_file`)
  and the public API's report body (`report_json`, `submit_via_api`).
- fixtures.py: pytest fixtures over those builders (`category`, `regions`) and a fresh cache
  for every test; registered for the whole suite by the root conftest.py.
- markers.py: `postgres_only`, for tests that need PostgreSQL itself.
"""
