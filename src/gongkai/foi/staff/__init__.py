"""The back office's screens of disclosure on request (依申请公开): the register, the page of one
request and its action forms, the dashboard (办理情况) and each body's settings.

Registered as staff sections from ``FoiConfig.ready()`` (``sections.register``); the routes are in
``urls`` and mounted by the back office shell under ``/staff/`` in the ``backoffice`` namespace.
The views use the shell's generic helpers (``gongkai.backoffice.views.common``); the shell never
imports this package.
"""
