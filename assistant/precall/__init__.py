"""The parts of a pre-call briefing built from the library and the CRM: headline results of
the labels' clinical studies, what happened since the rep's last call, open items, access
notes, and the call objective. Pure logic: the briefing workflow does the reading."""
