// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface ICollateral {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// A CTF-like ERC-1155 of outcome tokens for binary conditions, with the Conditional Tokens Framework's call
/// shapes: splitPosition / mergePositions / redeemPositions(collateral, parentCollectionId, conditionId, ...),
/// reportPayouts by the condition's oracle. Simplified: a condition names its collateral and its two position
/// ids when prepared (the exchange's token ids) instead of deriving them; no nested collections; no receiver
/// hooks. As on Polygon, positions are keyed to USDC.e: redeeming with another collateral (pUSD) pays nothing —
/// pUSD holders go through the collateral adapter.
contract ConditionalTokens {
    struct Condition {
        address oracle;
        address collateral;
        uint256[2] positionIds;
        uint256[2] payoutNumerators;
        uint256 payoutDenominator;
    }

    address public admin;
    mapping(uint256 => mapping(address => uint256)) internal balances;
    mapping(address => mapping(address => bool)) public isApprovedForAll;
    mapping(bytes32 => Condition) internal conditions;

    event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value);
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);
    event ConditionPreparation(bytes32 indexed conditionId, address indexed oracle, address collateral, uint256 yesId, uint256 noId);
    event ConditionResolution(bytes32 indexed conditionId, address indexed oracle, uint256[] payoutNumerators);
    event PositionSplit(address indexed stakeholder, address collateralToken, bytes32 indexed conditionId, uint256 amount);
    event PositionsMerge(address indexed stakeholder, address collateralToken, bytes32 indexed conditionId, uint256 amount);
    event PayoutRedemption(address indexed redeemer, address indexed collateralToken, bytes32 indexed conditionId, uint256 payout);

    function initialize(address admin_) external {
        require(admin == address(0), "initialized");
        admin = admin_;
    }

    function prepareCondition(address oracle, bytes32 conditionId, address collateral, uint256 yesId, uint256 noId) external {
        require(conditions[conditionId].oracle == address(0), "condition already prepared");
        require(oracle != address(0) && yesId != noId, "bad condition");
        Condition storage c = conditions[conditionId];
        c.oracle = oracle;
        c.collateral = collateral;
        c.positionIds = [yesId, noId];
        emit ConditionPreparation(conditionId, oracle, collateral, yesId, noId);
    }

    function reportPayouts(bytes32 conditionId, uint256[] calldata payouts) external {
        Condition storage c = conditions[conditionId];
        require(c.oracle == msg.sender, "only the oracle");
        require(c.payoutDenominator == 0, "already resolved");
        require(payouts.length == 2 && payouts[0] + payouts[1] > 0, "bad payouts");
        c.payoutNumerators = [payouts[0], payouts[1]];
        c.payoutDenominator = payouts[0] + payouts[1];
        emit ConditionResolution(conditionId, msg.sender, payouts);
    }

    function splitPosition(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata partition, uint256 amount) external {
        Condition storage c = _binary(collateralToken, parentCollectionId, conditionId, partition);
        require(ICollateral(collateralToken).transferFrom(msg.sender, address(this), amount), "collateral transfer");
        _mint(msg.sender, c.positionIds[0], amount);
        _mint(msg.sender, c.positionIds[1], amount);
        emit PositionSplit(msg.sender, collateralToken, conditionId, amount);
    }

    function mergePositions(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata partition, uint256 amount) external {
        Condition storage c = _binary(collateralToken, parentCollectionId, conditionId, partition);
        _burn(msg.sender, c.positionIds[0], amount);
        _burn(msg.sender, c.positionIds[1], amount);
        require(ICollateral(collateralToken).transfer(msg.sender, amount), "collateral transfer");
        emit PositionsMerge(msg.sender, collateralToken, conditionId, amount);
    }

    function redeemPositions(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata indexSets) external {
        Condition storage c = conditions[conditionId];
        require(c.payoutDenominator > 0, "result for condition not received yet");
        require(parentCollectionId == bytes32(0), "no nested collections");
        uint256 payout = 0;
        // Positions are keyed to the condition's collateral: under any other collateral the caller holds none.
        if (collateralToken == c.collateral) {
            for (uint256 i = 0; i < indexSets.length; i++) {
                require(indexSets[i] == 1 || indexSets[i] == 2, "bad index set");
                uint256 slot = indexSets[i] - 1;
                uint256 held = balances[c.positionIds[slot]][msg.sender];
                if (held == 0) continue;
                _burn(msg.sender, c.positionIds[slot], held);
                payout += (held * c.payoutNumerators[slot]) / c.payoutDenominator;
            }
            if (payout > 0) require(ICollateral(collateralToken).transfer(msg.sender, payout), "collateral transfer");
        }
        emit PayoutRedemption(msg.sender, collateralToken, conditionId, payout);
    }

    function getPositionId(bytes32 conditionId, uint256 indexSet) external view returns (uint256) {
        require(indexSet == 1 || indexSet == 2, "bad index set");
        return conditions[conditionId].positionIds[indexSet - 1];
    }

    function payoutDenominator(bytes32 conditionId) external view returns (uint256) {
        return conditions[conditionId].payoutDenominator;
    }

    function payoutNumerators(bytes32 conditionId, uint256 index) external view returns (uint256) {
        return conditions[conditionId].payoutNumerators[index];
    }

    function collateralOf(bytes32 conditionId) external view returns (address) {
        return conditions[conditionId].collateral;
    }

    // ----- ERC-1155 --------------------------------------------------------------------------------

    function balanceOf(address account, uint256 id) external view returns (uint256) {
        return balances[id][account];
    }

    function balanceOfBatch(address[] calldata accounts, uint256[] calldata ids) external view returns (uint256[] memory out) {
        require(accounts.length == ids.length, "length mismatch");
        out = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; i++) out[i] = balances[ids[i]][accounts[i]];
    }

    function setApprovalForAll(address operator, bool approved) external {
        isApprovedForAll[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// Test-chain convenience for the local exchange's funding route (see TestToken.adminApprove).
    function adminSetApprovalForAll(address owner, address operator, bool approved) external {
        require(msg.sender == admin, "only admin");
        isApprovedForAll[owner][operator] = approved;
        emit ApprovalForAll(owner, operator, approved);
    }

    function safeTransferFrom(address from, address to, uint256 id, uint256 amount, bytes calldata) external {
        require(from == msg.sender || isApprovedForAll[from][msg.sender], "not approved");
        require(balances[id][from] >= amount, "insufficient balance");
        balances[id][from] -= amount;
        balances[id][to] += amount;
        emit TransferSingle(msg.sender, from, to, id, amount);
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == 0xd9b67a26 || interfaceId == 0x01ffc9a7;
    }

    function _binary(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata partition) internal view returns (Condition storage c) {
        c = conditions[conditionId];
        require(c.oracle != address(0), "condition not prepared yet");
        require(collateralToken == c.collateral, "collateral mismatch");
        require(parentCollectionId == bytes32(0), "no nested collections");
        require(partition.length == 2 && partition[0] == 1 && partition[1] == 2, "partition must be [1,2]");
    }

    function _mint(address to, uint256 id, uint256 amount) internal {
        balances[id][to] += amount;
        emit TransferSingle(msg.sender, address(0), to, id, amount);
    }

    function _burn(address from, uint256 id, uint256 amount) internal {
        require(balances[id][from] >= amount, "insufficient balance");
        balances[id][from] -= amount;
        emit TransferSingle(msg.sender, from, address(0), id, amount);
    }
}
