namespace CalcinosisRegistry.Domain.Validation;

/// <summary>
/// Upper reference limits used by the plausibility warnings to call a lab value "abnormal".
/// </summary>
/// <remarks>
/// The seed text separates the types by serum minerals: metastatic calcinosis results from *elevated* serum calcium or
/// phosphate, while dystrophic and idiopathic calcinosis occur with normal levels. Only elevation is therefore counted
/// as abnormal here: a low value neither explains metastatic deposition nor contradicts a dystrophic mechanism.
/// The limits are the usual adult upper reference limits (total calcium 8.5–10.5 mg/dL, inorganic phosphate
/// 2.5–4.5 mg/dL); a value strictly above the limit is raised. Children run higher phosphate, so a juvenile
/// idiopathic case may draw a warning it does not deserve; that is acceptable because warnings never refuse a case.
/// </remarks>
internal static class MineralReferenceLimits
{
    public const double SerumCalciumUpperMgDl = 10.5;

    public const double PhosphateUpperMgDl = 4.5;
}
