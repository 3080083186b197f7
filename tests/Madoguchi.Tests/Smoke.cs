namespace Madoguchi.Tests; public class Smoke { [Fact] public void Ok() => Assert.Equal(2, 1 + 1); }
