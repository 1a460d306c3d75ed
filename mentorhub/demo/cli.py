# TODO(demo helper): demo command goes here.
