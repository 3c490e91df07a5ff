import XCTest

final class AttnCoreTestsPlaceholder: XCTestCase {}
