"""Detection of possible adverse events and product complaints for pharmacovigilance."""

from assistant.pharmacovigilance.detector import SafetySignal, SignalKind, detect_signals

__all__ = ["SafetySignal", "SignalKind", "detect_signals"]
