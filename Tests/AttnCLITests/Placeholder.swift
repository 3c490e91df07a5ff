import XCTest

final class AttnCLITestsPlaceholder: XCTestCase {}
