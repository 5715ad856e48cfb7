"""What docs/contract.md fixes, written out once for the tests (not read from our YAML,
so that a change to the knowledge base cannot quietly change what the tests expect)."""

CONTRACT_SYMPTOM_IDS = [
    "breast_lump", "breast_shape_change", "nipple_inversion", "nipple_discharge",
    "skin_dimpling", "orange_peel_skin", "skin_ulcer", "armpit_lump", "neck_lump",
    "arm_swelling", "bone_pain", "back_pain", "fracture", "headache", "seizure",
    "unsteadiness", "confusion", "vision_change", "limb_weakness",
    "bladder_bowel_control_loss", "shortness_of_breath", "cough", "coughing_blood",
    "chest_pain", "jaundice", "abdominal_swelling", "right_upper_abdominal_pain",
    "loss_of_appetite", "weight_loss", "fatigue",
]  # fmt: skip

# The ids the contract's second table adds for acute oncology (issue 18). Kept apart from
# CONTRACT_SYMPTOM_IDS until the knowledge base and triage tests cover them too.
ACUTE_ONCOLOGY_SYMPTOM_IDS = [
    "fever", "feeling_unwell", "drowsiness", "vomiting", "excessive_thirst",
    "frequent_urination", "constipation", "face_neck_swelling", "leg_swelling",
    "bleeding_bruising", "breathless_lying_flat", "fainting",
]  # fmt: skip

# The contract's emergency red flags, each on its own.
EMERGENCY_RED_FLAGS = [
    "seizure", "limb_weakness", "bladder_bowel_control_loss", "confusion",
    "coughing_blood", "chest_pain",
]  # fmt: skip
