# TODO(accounts helper): create-admin command goes here.
