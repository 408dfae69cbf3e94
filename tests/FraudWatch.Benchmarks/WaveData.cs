using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;

namespace FraudWatch.Benchmarks;

/// <summary>
/// Synthetic normalized wave texts made inside PostgreSQL. A script is 16 segments: 14 words of 2-4 characters from a
/// 3,000-word vocabulary over 2,500 common characters, and 2 of 8 stock phrases every script uses ("请联系客服 tel"),
/// so common trigrams have long posting lists as in real messages. Copy i of a script has one of its words replaced.
/// The trigram index is dropped for the load and built after it (timed). Helper tables are bench_* (unlogged): the probes
/// are read on another pooled connection.
/// </summary>
static class WaveData
{
    const int Chunk = 250_000;

    /// <summary>WaveStore.IndexedPerWave: close variants a wave indexes.</summary>
    const int IndexedPerWave = 8;

    const string Setup = """
        CREATE UNLOGGED TABLE bench_vocab AS
        SELECT w, string_agg(chr(19968 + ((w * 7919 + c * 104729) % 2500)::int), '' ORDER BY c) AS word
        FROM generate_series(0, 2999) w, generate_series(1, 2 + w % 3) c GROUP BY w;
        CREATE UNLOGGED TABLE bench_stock (n int, phrase text);
        INSERT INTO bench_stock VALUES (0, '您好 '), (1, ' 请联系客服 tel '), (2, ' 点击链接 url '), (3, ' 名额有限 '), (4, ' 转账 amt '),
                                 (5, ' 否则影响征信 '), (6, ' 加微信 acct '), (7, ' 限时今天 ');
        CREATE UNLOGGED TABLE bench_script_words AS
        SELECT s, k, CASE WHEN k IN (1, 9) THEN st.phrase ELSE v.word || CASE WHEN k % 4 = 0 THEN ' ' ELSE '' END END AS word
        FROM generate_series(0, @scripts - 1) s CROSS JOIN generate_series(1, 16) k
        JOIN bench_vocab v ON v.w = mod(hashint8(s * 100 + k)::bigint + 2147483648, 3000)
        JOIN bench_stock st ON st.n = (s + k) % 8;
        CREATE UNLOGGED TABLE bench_parts AS
        SELECT s, p, coalesce(string_agg(word, '' ORDER BY k) FILTER (WHERE k < p), '') AS prefix,
                     coalesce(string_agg(word, '' ORDER BY k) FILTER (WHERE k > p), '') AS suffix
        FROM bench_script_words CROSS JOIN generate_series(2, 16) p WHERE p <> 9 GROUP BY s, p;
        CREATE INDEX ON bench_parts (s, p);
        INSERT INTO waves (type, representative_text, first_seen, last_seen, report_count, indexed_texts)
        SELECT 'other', 'script ' || s, now() - interval '30 days', now(), @texts / @scripts, least(@texts / @scripts, @distinct, @indexedPerWave)
        FROM generate_series(0, @scripts - 1) s;
        DROP INDEX wave_texts_trgm;
        """;

    // Copy c = i / scripts of script i % scripts: variant c % distinct, that is the word at position 2 + c % 14 (skipping the
    // stock phrase at 9) replaced by word (c % distinct) * 31 + 7. Copies past the first `distinct` repeat a variant exactly
    // after masking, so they are stored but not indexed, as WaveStore stores them. Every copy is within 0.5-0.95 of the
    // first ones (one or two words differ), so, as WaveStore decides, a script indexes only its first IndexedPerWave variants.
    const string Insert = """
        INSERT INTO wave_texts (report_id, wave_id, text, masked_text, similarity, indexed, type, village, township, created_at)
        SELECT i, 1 + i % @scripts, bench_parts.prefix || v.word || bench_parts.suffix, '', 0.8, i / @scripts < least(@distinct, @indexedPerWave), 'other',
               'V' || (i % 500), 'T' || (i % 20), now() - (i % 720) * interval '1 hour'
        FROM generate_series(@from::bigint, @to::bigint) i
        JOIN bench_parts ON bench_parts.s = i % @scripts AND bench_parts.p = (ARRAY[2,3,4,5,6,7,8,10,11,12,13,14,15,16])[1 + ((i / @scripts) % @distinct) % 14]
        JOIN bench_vocab v ON v.w = (((i / @scripts) % @distinct) * 31 + 7 + i % @scripts) % 3000
        """;

    public static async Task LoadAsync(NpgsqlDataSource db, int texts, int scripts, int distinct, Action<string> log)
    {
        await using var connection = await db.OpenConnectionAsync();
        var clock = Stopwatch.StartNew();
        await connection.ExecuteAsync(Setup, new { scripts, texts, distinct, indexedPerWave = IndexedPerWave }, commandTimeout: 0);
        for (long from = 0; from < texts; from += Chunk)
        {
            var to = Math.Min(texts, from + Chunk) - 1;
            await connection.ExecuteAsync(Insert, new { from, to, scripts, distinct, indexedPerWave = IndexedPerWave }, commandTimeout: 0);
            log(string.Create(CultureInfo.InvariantCulture, $"WAVES load: {to + 1:N0} / {texts:N0} texts ({(to + 1) / clock.Elapsed.TotalSeconds:N0} rows/s)"));
        }

        clock.Restart();
        await connection.ExecuteAsync("CREATE INDEX wave_texts_trgm ON wave_texts USING gin (text gin_trgm_ops) WHERE indexed; ANALYZE wave_texts;", commandTimeout: 0);
        log(string.Create(CultureInfo.InvariantCulture, $"WAVES trigram index built in {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>New copies of stored scripts (a word no stored copy has at that place), and texts of no stored script.</summary>
    public static async Task<(List<string> Copies, List<string> Novel)> ProbesAsync(NpgsqlDataSource db, int count)
    {
        await using var connection = await db.OpenConnectionAsync();
        var copies = (await connection.QueryAsync<string>("""
            SELECT bench_parts.prefix || '新' || v.word || bench_parts.suffix
            FROM generate_series(0, @count - 1) j
            JOIN bench_parts ON bench_parts.s = (j * 37) % (SELECT count(*) FROM waves) AND bench_parts.p = 2 + j % 7
            JOIN bench_vocab v ON v.w = (j * 53 + 11) % 3000
            ORDER BY j
            """, new { count })).AsList();
        var novel = (await connection.QueryAsync<string>("""
            SELECT string_agg(CASE WHEN k IN (1, 9) THEN st.phrase ELSE v.word END, '' ORDER BY k)
            FROM generate_series(0, @count - 1) j CROSS JOIN generate_series(1, 16) k
            JOIN bench_vocab v ON v.w = mod(hashint8(j * 1000003 + k * 7)::bigint + 2147483648, 3000)
            JOIN bench_stock st ON st.n = (j + k) % 8
            GROUP BY j ORDER BY j
            """, new { count })).AsList();
        return (copies, novel);
    }
}
