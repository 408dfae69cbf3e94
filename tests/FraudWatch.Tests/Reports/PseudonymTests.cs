using FraudWatch.Reports;

namespace FraudWatch.Tests.Reports;

public sealed class PseudonymTests
{
    static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Pseudonym_is_R_dash_and_eight_base32_characters() =>
        Assert.Matches("^R-[A-Z2-7]{8}$", Pseudonyms.Compute(Secret, 123456789));

    [Fact]
    public void Same_user_and_secret_give_the_same_pseudonym() =>
        Assert.Equal(Pseudonyms.Compute(Secret, 42), Pseudonyms.Compute(Secret, 42));

    [Fact]
    public void Different_users_get_different_pseudonyms()
    {
        var names = Enumerable.Range(1, 1000).Select(id => Pseudonyms.Compute(Secret, id)).ToHashSet();
        Assert.Equal(1000, names.Count);
    }

    [Fact]
    public void Another_installation_secret_gives_another_pseudonym()
    {
        var other = Secret.Select(b => (byte)(b ^ 0xFF)).ToArray();
        Assert.NotEqual(Pseudonyms.Compute(Secret, 42), Pseudonyms.Compute(other, 42));
    }

    [Fact]
    public void Pseudonym_does_not_contain_the_user_id() =>
        Assert.DoesNotContain("3001", Pseudonyms.Compute(Secret, 3001));
}
