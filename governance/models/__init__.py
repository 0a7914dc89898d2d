from governance.models.org import Center, Department, StaffProfile, Workstation

__all__ = ["Center", "Department", "StaffProfile", "Workstation"]
