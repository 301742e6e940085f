namespace CalcinosisRegistry.Domain.Cases;

public enum DiagnosticMethod { Clinical, XRay, Ct, Mri, Ultrasound, Biopsy }
