namespace FraudWatch;

/// <summary>A start-up problem the operator must fix; printed as one line, without a stack trace.</summary>
public sealed class StartupException(string message) : Exception(message);
