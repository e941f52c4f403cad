"""Spanish labels of the taxonomy's codes and therapy groups (the app's ?lang=es).

Labels live only in clinics.taxonomy: English on each Term (terms.py), Spanish here, one
per code. tests/ui/test_messages.py checks that every code has one.
"""

from __future__ import annotations

GROUP_LABELS_ES = {
    "ketamine": "Tratamientos con ketamina",
    "talk": "Terapias de conversación",
    "medical": "Tratamientos médicos",
    "other": "Otras",
}

LABELS_ES = {
    # therapies
    "ketamine_assisted_psychotherapy": "Psicoterapia asistida con ketamina (KAP)",
    "ketamine_infusion": "Infusión intravenosa de ketamina",
    "ketamine_intramuscular": "Ketamina intramuscular (IM)",
    "ketamine_oral": "Ketamina oral o sublingual (trociscos, pastillas)",
    "ketamine_at_home": "Ketamina en casa (recetada por telesalud)",
    "esketamine_spravato": "Esketamina (Spravato)",
    "ketamine_unspecified": "Tratamiento con ketamina (tipo no indicado)",
    "cbt": "Terapia cognitivo-conductual (TCC)",
    "dbt": "Terapia dialéctica conductual (TDC)",
    "act": "Terapia de aceptación y compromiso (ACT)",
    "emdr": "EMDR (desensibilización y reprocesamiento por movimientos oculares)",
    "exposure_therapy": "Terapia de exposición (incl. EPR)",
    "psychodynamic": "Terapia psicodinámica",
    "mindfulness_based": "Terapia basada en atención plena (MBCT, MBSR)",
    "interpersonal": "Terapia interpersonal (TIP)",
    "trauma_focused": "Terapia centrada en el trauma",
    "family_couples": "Terapia familiar y de pareja",
    "group_therapy": "Terapia de grupo",
    "integration_therapy": "Terapia de integración psicodélica",
    "medication_management": "Manejo de medicamentos",
    "tms": "Estimulación magnética transcraneal (EMT)",
    # conditions
    "anxiety": "Ansiedad",
    "panic": "Trastorno de pánico",
    "social_anxiety": "Ansiedad social",
    "generalized_anxiety": "Ansiedad generalizada (TAG)",
    "depression": "Depresión",
    "treatment_resistant_depression": "Depresión resistente al tratamiento",
    "ptsd": "Trastorno de estrés postraumático (TEPT)",
    "ocd": "Trastorno obsesivo-compulsivo (TOC)",
    "bipolar": "Trastorno bipolar",
    "substance_use": "Consumo de sustancias y adicción",
    "postpartum_depression": "Depresión posparto",
    "chronic_pain": "Dolor crónico",
    # provider types
    "psychiatrist": "Psiquiatra",
    "psychologist": "Psicólogo/a",
    "counselor": "Consejero/a con licencia (LPC, LMHC)",
    "clinical_social_worker": "Trabajador/a social clínico/a (LCSW)",
    "social_worker": "Trabajador/a social",
    "marriage_family_therapist": "Terapeuta matrimonial y familiar (LMFT)",
    "psychiatric_nurse_practitioner": "Enfermero/a practicante psiquiátrico/a (PMHNP)",
    "psychotherapist": "Psicoterapeuta",
    "psychoanalyst": "Psicoanalista",
    "addiction_medicine": "Médico/a de medicina de adicciones",
    "mental_health_clinic": "Clínica de salud mental",
    "psychiatric_hospital": "Hospital psiquiátrico",
    "psychiatric_residential_facility": "Tratamiento residencial de salud mental",
    "substance_use_facility": "Centro de tratamiento de consumo de sustancias",
    "anesthesiology": "Anestesiólogo/a",
    "nurse_anesthetist": "Enfermero/a anestesista (CRNA)",
}
