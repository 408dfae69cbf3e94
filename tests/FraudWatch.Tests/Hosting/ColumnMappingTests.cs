using System.Data;
using Dapper;
using FraudWatch.Groups;
using Npgsql;

namespace FraudWatch.Tests.Hosting;

public sealed class ColumnMappingTests
{
    /// <summary>
    /// A store used before any host has started (as the crash tests do, with the host in a child process) must read
    /// snake_case columns too: Dapper keeps the first reader it builds for a record for the rest of the process.
    /// </summary>
    [Fact]
    public void A_store_maps_two_word_columns_without_a_host_having_started()
    {
        _ = new GroupStore(NpgsqlDataSource.Create("Host=127.0.0.1;Database=never-opened"));

        using var table = new DataTable();
        table.Columns.Add("chat_id", typeof(long));
        table.Columns.Add("chat_type", typeof(string));
        table.Columns.Add("is_duty", typeof(bool));
        table.Columns.Add("title", typeof(string));
        table.Rows.Add(-1001234567890L, "supergroup", true, "值班群");
        using var reader = table.CreateDataReader();
        var group = reader.Parse<Group>().Single();

        Assert.Equal((-1001234567890L, "supergroup", true, "值班群"), (group.ChatId, group.ChatType, group.IsDuty, group.Title));
    }
}
