"""A throw-away app that exists only for the test that proves the registry: installed with one line
in ``INSTALLED_APPS``, it shows up in the back office's menu, the inbox, the scheduled round, the
audit history's labels and the demo generator, without any other app knowing it."""
