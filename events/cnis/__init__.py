"""Children not in school: who is on an LA's register under the Education Act 1996
ss436B-436G (inserted by the Children's Wellbeing and Schools Act 2026 s38), as
drawn from the movement log. Not yet commenced: until it is, the same list is the
LA's voluntary one (`cwsa_2026_s38_cnis_register` in the commencement table)."""
