using FraudWatch.Access;

namespace FraudWatch.Tests.Access;

public sealed class RolesTests
{
    /// <summary>PRODUCT.md section 1, "who may do what", row by row.</summary>
    public static TheoryData<Role, Role[]> Contract => new()
    {
        { Role.Resident, [Role.Resident, Role.Assistant, Role.Officer, Role.Analyst, Role.Admin] },
        { Role.Assistant, [Role.Assistant, Role.Officer, Role.Admin] },
        { Role.Analyst, [Role.Analyst, Role.Assistant, Role.Officer, Role.Admin] },
        { Role.Officer, [Role.Officer, Role.Admin] },
        { Role.Admin, [Role.Admin] },
    };

    [Theory]
    [MemberData(nameof(Contract))]
    public void Allows_matches_the_product_contract(Role required, Role[] allowed)
    {
        foreach (var actual in Roles.All)
            Assert.Equal(allowed.Contains(actual), required.Allows(actual));
    }

    [Theory]
    [InlineData("Officer", Role.Officer)]
    [InlineData(" admin ", Role.Admin)]
    [InlineData("sheriff", null)]
    [InlineData(null, null)]
    public void Parse_accepts_role_names_only(string? text, Role? expected) => Assert.Equal(expected, Roles.Parse(text));
}
