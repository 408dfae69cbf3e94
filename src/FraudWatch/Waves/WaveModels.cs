using FraudWatch.Detection;

namespace FraudWatch.Waves;

/// <summary>
/// What Waves needs of one report; the caller (report intake) gives it, Waves never reads the reports table.
/// <paramref name="Reporter"/> is the reporter's pseudonym, not their Telegram id. <paramref name="At"/> is the report's time (UTC).
/// </summary>
public sealed record WaveReport(
    long ReportId, string Text, string Type, DateTime At, string? Village, string? Township, long? GroupChatId, string? Reporter,
    IReadOnlyList<Indicator> Indicators);

/// <summary>
/// The wave a report joined (or started, <paramref name="IsNew"/>), with its figures after the join.
/// <paramref name="AlertNow"/> is true for exactly one report per wave: the one that brought it to
/// <c>Waves__AlertVillages</c> distinct villages within 24 hours. The caller then posts the one wave alert.
/// </summary>
public sealed record WaveJoin(long WaveId, bool IsNew, int Reports, IReadOnlyList<string> Villages, double? Similarity, bool AlertNow);

/// <summary>A known wave a text belongs to (for /check and /report answers): "已在 N 个村被举报 M 次".</summary>
public sealed record WaveMatch(long WaveId, double Similarity, string Type, int Reports, IReadOnlyList<string> Villages, DateTime FirstSeen, DateTime LastSeen, DateTime? AlertedAt);

/// <summary>A wave with its figures. Properties rather than a positional record: Dapper maps text[] columns only to properties.</summary>
public sealed record WaveSummary
{
    public long Id { get; init; }
    public string Type { get; init; } = "";
    public string RepresentativeText { get; init; } = "";
    public DateTime FirstSeen { get; init; }
    public DateTime LastSeen { get; init; }
    public int Reports { get; init; }
    public int VillageCount { get; init; }
    public string[] Villages { get; init; } = [];
    public string[] Townships { get; init; } = [];
    /// <summary>"kind:value", e.g. "phone:+8657788889999", in the order first seen.</summary>
    public string[] Indicators { get; init; } = [];
    public DateTime? AlertedAt { get; init; }
    public DateTime? WarnedAt { get; init; }
}

public sealed record WaveReportRow(
    long ReportId, DateTime CreatedAt, string Type, string? Village, string? Township, long? GroupChatId, string? Reporter,
    float? Similarity, string MaskedText);

public sealed record WaveDetail(WaveSummary Wave, IReadOnlyList<WaveReportRow> Reports);
