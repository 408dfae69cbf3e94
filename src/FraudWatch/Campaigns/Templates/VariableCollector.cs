using Fluid;
using Fluid.Ast;

namespace FraudWatch.Campaigns;

/// <summary>
/// Walks a parsed template and lists the dotted names it reads, so unknown names are refused when the
/// template is loaded, not when a branch that uses them happens to run during a broadcast.
/// </summary>
internal sealed class VariableCollector : AstVisitor
{
    private readonly SortedSet<string> _used = new(StringComparer.Ordinal);
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal) { "forloop", "tablerowloop" };

    public bool IncludesOtherTemplates { get; private set; }

    public static (IReadOnlyList<string> Used, bool IncludesOtherTemplates) Collect(IFluidTemplate template)
    {
        var collector = new VariableCollector();
        collector.VisitTemplate(template);
        var used = collector._used.Where(path => !collector._locals.Contains(path.Split('.')[0])).ToList();
        return (used, collector.IncludesOtherTemplates);
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        var names = new List<string>();
        foreach (var segment in memberExpression.Segments)
        {
            if (segment is not IdentifierSegment identifier)
            {
                break;
            }

            names.Add(identifier.Identifier);
        }

        if (names.Count > 0)
        {
            _used.Add(string.Join('.', names));
        }

        return base.VisitMemberExpression(memberExpression);
    }

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        _locals.Add(assignStatement.Identifier);
        return base.VisitAssignStatement(assignStatement);
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        _locals.Add(captureStatement.Identifier);
        return base.VisitCaptureStatement(captureStatement);
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        _locals.Add(forStatement.Identifier);
        return base.VisitForStatement(forStatement);
    }

    protected override Statement VisitIncludeStatement(IncludeStatement includeStatement)
    {
        IncludesOtherTemplates = true;
        return base.VisitIncludeStatement(includeStatement);
    }

    protected override Statement VisitRenderStatement(RenderStatement renderStatement)
    {
        IncludesOtherTemplates = true;
        return base.VisitRenderStatement(renderStatement);
    }
}
