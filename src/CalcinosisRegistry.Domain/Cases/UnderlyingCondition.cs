namespace CalcinosisRegistry.Domain.Cases;

public enum UnderlyingCondition
{
    SystemicSclerosis, Dermatomyositis, JuvenileDermatomyositis, Lupus, MixedConnectiveTissueDisease,
    OverlapSyndrome, Hyperparathyroidism, ChronicKidneyDisease, IvCalcium, CalciumContainingElectrode,
    Trauma, None, Other,
}
