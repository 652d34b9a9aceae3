"""What a policy asks for, as plain data for forms and the CLI's `describe`."""


def describe(policy):
    """Eras with their activity kinds, parameters and labels; no rule internals."""
    labels = {c["id"]: c["label"] for c in policy["categories"]}
    return {
        "id": policy["id"],
        "title": policy["title"],
        "document_number": policy["document_number"],
        "categories": policy["categories"],
        "eras": [
            {
                "id": era["id"],
                "label": era["label"],
                "years": era["years"],
                "unit": era["unit"],
                "activities": [
                    {
                        "id": kind["id"],
                        "label": kind["label"],
                        "article": kind["article"],
                        "category": _category(kind["category"], labels),
                        "params": kind["params"],
                        **({"years": kind["years"]} if "years" in kind else {}),
                    }
                    for kind in era["activities"]
                ],
            }
            for era in policy["eras"]
        ],
    }


def _category(spec, labels):
    if "choose" in spec:
        return {"choose": [{"id": c, "label": labels[c]} for c in spec["choose"]], "default": spec["default"]}
    if "split" in spec:
        return {"split": [{"id": c, "label": labels[c], "value": v} for c, v in spec["split"].items()]}
    if "depends" in spec:
        return {"depends": [{"when": case["when"], "id": case["category"], "label": labels[case["category"]]}
                            for case in spec["depends"]],
                "default": {"id": spec["default"], "label": labels[spec["default"]]}}
    if "pool" in spec:
        return {"pool": spec["pool"]}
    return {"fixed": {"id": spec["fixed"], "label": labels[spec["fixed"]]}}
