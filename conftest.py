# The personas (tipline/test.py) and the shared fixtures (tipline/testing/fixtures.py), for
# every test of every app.
pytest_plugins = ["tipline.test", "tipline.testing.fixtures"]
