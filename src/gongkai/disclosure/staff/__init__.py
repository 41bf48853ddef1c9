"""The staff section of active disclosure (主动公开): items and their review, sign-off, withdrawal and
correction; the catalog; exemption filings; timeliness. Registered from ``DisclosureConfig.ready()``
(``sections.register``) and mounted by the back office shell under ``/staff/``."""
