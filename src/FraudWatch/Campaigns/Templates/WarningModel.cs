namespace FraudWatch.Campaigns;

/// <summary>The values a warning template may use; see <see cref="TemplateVariables"/> for their Liquid names.</summary>
public sealed record WarningModel(
    GroupModel Group,
    OfficerModel Officer,
    string Hotline,
    DateTimeOffset Now,
    StatsModel Stats,
    AlertModel? Alert = null);

public sealed record GroupModel(string Township, string Village, string Title);

public sealed record OfficerModel(string Name, string Phone);

public sealed record StatsModel(int ReportsThisMonth, int PreventedThisMonth);

/// <summary>The number or link an officer raised with <c>/alert</c>; Kind is "phone" or "url".</summary>
public sealed record AlertModel(string Value, string Kind, string Note);
