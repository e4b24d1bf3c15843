// Real servers are slower than pure functions: a generous limit per test, not a timing assertion.
jest.setTimeout(60_000);
