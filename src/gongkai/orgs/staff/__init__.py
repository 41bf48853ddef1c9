"""The staff section of people and organizations (人员与角色): accounts, roles, contact details for
the guide, sign-off chains, and the organizations themselves (机构管理)."""
