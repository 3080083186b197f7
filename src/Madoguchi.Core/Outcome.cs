namespace Madoguchi;

/// <summary>A step's answer: a value or a <see cref="Problem"/>.</summary>
public readonly record struct Outcome<T>(T? Value, Problem? Problem)
{
    public bool Ok => Problem is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Problem problem) => new(default, problem);
}
