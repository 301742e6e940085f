namespace CalcinosisRegistry.Web.Editing;

/// <summary>One field that differs between the user's version and the stored one (null: absent on that side).</summary>
public sealed record DocumentChange(string Path, string? Mine, string? Stored);
