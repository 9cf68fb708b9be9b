"""Trafford reference data: neighbourhoods and their wards (2023 boundaries)."""

TRAFFORD_NEIGHBOURHOODS = {
    "North": [
        "Gorse Hill & Cornbrook",
        "Longford",
        "Lostock & Barton",
        "Old Trafford",
        "Stretford & Humphrey Park",
    ],
    "Central": ["Ashton upon Mersey", "Brooklands", "Manor", "Sale Central", "Sale Moor"],
    "South": [
        "Altrincham",
        "Bowdon",
        "Broadheath",
        "Hale",
        "Hale Barns & Timperley South",
        "Timperley Central",
        "Timperley North",
    ],
    "West": ["Bucklow-St Martins", "Davyhulme", "Flixton", "Urmston"],
}

WARD_NEIGHBOURHOOD = {ward: neighbourhood for neighbourhood, wards in TRAFFORD_NEIGHBOURHOODS.items() for ward in wards}


def ward_neighbourhood(ward):
    """The neighbourhood a Trafford ward belongs to, or None (e.g. for "dont_know")."""
    return WARD_NEIGHBOURHOOD.get(ward)
