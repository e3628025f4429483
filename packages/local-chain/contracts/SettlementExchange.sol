// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface IExToken {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function approve(address spender, uint256 amount) external returns (bool);
}

interface IExCtf {
    function safeTransferFrom(address from, address to, uint256 id, uint256 amount, bytes calldata data) external;
    function setApprovalForAll(address operator, bool approved) external;
}

interface IExAdapter {
    function splitPosition(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata partition, uint256 amount) external;
    function mergePositions(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata partition, uint256 amount) external;
}

/// The local exchange's settlement contract, deployed where CTF Exchange V2, the neg-risk exchange V2 and
/// ExchangeV3 live on Polygon. Orders are matched off chain (as on Polymarket); the operator settles each trade
/// in one transaction of moves: pUSD and outcome tokens between the parties (through the allowances they gave
/// this contract), and pair mints / merges through the collateral adapter when complementary orders cross.
/// Signatures are verified by the matching engine, not re-checked here (a simplification of the real exchange).
contract SettlementExchange {
    uint8 internal constant PUSD_MOVE = 0;
    uint8 internal constant TOKEN_MOVE = 1;
    uint8 internal constant SPLIT = 2;
    uint8 internal constant MERGE = 3;

    struct Move {
        uint8 kind;
        address from;
        address to;
        uint256 id;
        uint256 amount;
        bytes32 conditionId;
    }

    address public operator;
    address public pusd;
    address public ctf;
    address public adapter;
    mapping(bytes32 => bool) public settled;

    event TradeSettled(bytes32 indexed tradeId, uint256 moves);

    function initialize(address operator_, address pusd_, address ctf_, address adapter_) external {
        require(operator == address(0), "initialized");
        operator = operator_;
        pusd = pusd_;
        ctf = ctf_;
        adapter = adapter_;
        IExToken(pusd_).approve(adapter_, type(uint256).max);
        IExCtf(ctf_).setApprovalForAll(adapter_, true);
    }

    function settle(bytes32 tradeId, Move[] calldata moves) external {
        require(msg.sender == operator, "only operator");
        require(!settled[tradeId], "trade already settled");
        settled[tradeId] = true;
        uint256[] memory partition = new uint256[](2);
        partition[0] = 1;
        partition[1] = 2;
        for (uint256 i = 0; i < moves.length; i++) {
            Move calldata m = moves[i];
            if (m.kind == PUSD_MOVE) {
                bool moved = m.from == address(this) ? IExToken(pusd).transfer(m.to, m.amount) : IExToken(pusd).transferFrom(m.from, m.to, m.amount);
                require(moved, "pUSD transfer");
            } else if (m.kind == TOKEN_MOVE) {
                IExCtf(ctf).safeTransferFrom(m.from, m.to, m.id, m.amount, "");
            } else if (m.kind == SPLIT) {
                IExAdapter(adapter).splitPosition(pusd, bytes32(0), m.conditionId, partition, m.amount);
            } else if (m.kind == MERGE) {
                IExAdapter(adapter).mergePositions(pusd, bytes32(0), m.conditionId, partition, m.amount);
            } else {
                revert("bad move");
            }
        }
        emit TradeSettled(tradeId, moves.length);
    }
}
