# TODO(chats helper): tick command goes here.
