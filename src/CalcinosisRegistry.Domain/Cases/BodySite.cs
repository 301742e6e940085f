namespace CalcinosisRegistry.Domain.Cases;

public enum BodySite
{
    Finger, Hand, Wrist, Forearm, Elbow, UpperArm, Shoulder, Trunk, Buttock, Hip, Thigh, Knee, Leg, Ankle,
    Foot, HeadNeck, Other,
}
