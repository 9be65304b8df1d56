from tipline.test import *  # noqa: F403 - the personas are meant to be available everywhere
