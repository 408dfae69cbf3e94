using FraudWatch.Audit;
using Microsoft.Extensions.Options;

namespace FraudWatch.Access;

/// <summary>
/// Makes access match the settings at start-up: admins and bootstrap keys from <c>FraudWatch__Admins</c> and
/// <c>FraudWatch__ApiKeys</c> are granted, those removed from the settings lose what the settings gave them, and a
/// first start with no admin key at all makes one and prints it once.
/// </summary>
sealed class AccessBootstrap(RoleStore roles, ApiKeyStore keys, AuditLog audit, IOptions<FraudWatchOptions> options, ILogger<AccessBootstrap> logger) : IHostedService
{
    const string Actor = "settings";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var demoted = await roles.SyncSettingsAdminsAsync(settings.AdminIds, cancellationToken);
        foreach (var userId in demoted)
            await audit.WriteAsync(Actor, "role.set", $"user:{userId}", new { role = Role.Resident.Name(), reason = "removed from FraudWatch__Admins" }, cancellationToken);

        var bootstrapKeys = settings.BootstrapKeys;
        var (revoked, stillRevoked) = await keys.SyncSettingsKeysAsync(bootstrapKeys, cancellationToken);
        if (revoked > 0)
            await audit.WriteAsync(Actor, "key.revoke", "keys:settings", new { count = revoked, reason = "removed from FraudWatch__ApiKeys" }, cancellationToken);
        if (stillRevoked > 0)
            logger.LogWarning("FraudWatch__ApiKeys: {Count} key(s) in the settings were revoked by an admin and stay revoked; remove them from the settings", stillRevoked);
        logger.LogInformation("Access: {Admins} admin(s) and {Keys} API key(s) from settings; {Demoted} admin(s) and {Revoked} key(s) no longer in the settings removed",
            settings.AdminIds.Count, bootstrapKeys.Count, demoted.Count, revoked);

        if (await keys.CreateAdminKeyIfNoneAsync(cancellationToken) is { } created)
        {
            await audit.WriteAsync(Actor, "key.create", $"key:{created.Key.Id}", new { role = Role.Admin.Name(), label = created.Key.Label }, cancellationToken);
            // The one place the key is ever shown: whoever started FraudWatch reads it here and signs in to the console.
            if (created.FirstEver)
                logger.LogWarning("FraudWatch: first start, admin API key (shown once): {Key}", created.Secret);
            else
                logger.LogWarning("FraudWatch: no admin API key was left, new admin API key (shown once): {Key}", created.Secret);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
