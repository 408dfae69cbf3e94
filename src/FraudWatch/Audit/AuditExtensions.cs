namespace FraudWatch.Audit;

public static class AuditExtensions
{
    public static void AddAudit(this WebApplicationBuilder builder) => builder.Services.AddSingleton<AuditLog>();
}
