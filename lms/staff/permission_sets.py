"""Staff permission sets: what the seed's permission ids (`staffPermissions`, `permissions`) mean.

The seed identifies a staff member's permissions by small integer ids. Each id below is a permission
set, kept as a Django group named "Staff: <name>" holding Django permissions; giving a staff member
the id puts them in that group. The ids are part of the API contract: append, never renumber.

| id | set                | Django permissions                                                  |
|----|--------------------|---------------------------------------------------------------------|
| 1  | Users              | every permission of accounts (users, addresses) and userfields       |
| 2  | Portals            | every permission of portals (portals, memberships)                  |
| 3  | Catalogue          | every permission of categories and locations                         |
| 4  | Gamification       | every permission of gamification (badges, tiers, awards)             |
| 5  | Notifications      | every permission of notifications                                    |
| 6  | Reports            | audit.view_activity (the activity log), accounts.view_user           |
| 7  | Staff management   | auth.view_group, auth.change_group, accounts.view_user/add_user/change_user |
| 8  | Two-factor & sign-in | every permission of twofactor (devices, sign-in locks)             |

Apps that arrive later (courses, commerce...) add their set here with the next free id.
"""

from dataclasses import dataclass

STAFF_GROUP_PREFIX = "Staff: "


@dataclass(frozen=True)
class PermissionSet:
    id: int
    name: str
    apps: tuple[str, ...] = ()  # every permission of these app labels
    permissions: tuple[str, ...] = ()  # and these "app_label.codename" permissions

    @property
    def group_name(self) -> str:
        return f"{STAFF_GROUP_PREFIX}{self.name}"


STAFF_PERMISSION_SETS: tuple[PermissionSet, ...] = (
    PermissionSet(1, "Users", apps=("accounts", "userfields")),
    PermissionSet(2, "Portals", apps=("portals",)),
    PermissionSet(3, "Catalogue", apps=("categories", "locations")),
    PermissionSet(4, "Gamification", apps=("gamification",)),
    PermissionSet(5, "Notifications", apps=("notifications",)),
    PermissionSet(6, "Reports", permissions=("audit.view_activity", "accounts.view_user")),
    PermissionSet(
        7,
        "Staff management",
        permissions=(
            "auth.view_group",
            "auth.change_group",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
        ),
    ),
    PermissionSet(8, "Two-factor and sign-in", apps=("twofactor",)),
)

PERMISSION_SETS_BY_ID = {permission_set.id: permission_set for permission_set in STAFF_PERMISSION_SETS}
PERMISSION_SETS_BY_GROUP = {
    permission_set.group_name: permission_set for permission_set in STAFF_PERMISSION_SETS
}
