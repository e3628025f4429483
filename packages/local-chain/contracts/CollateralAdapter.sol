// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface IAdapterToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function approve(address spender, uint256 amount) external returns (bool);
    function balanceOf(address who) external view returns (uint256);
}

interface IAdapterRamp {
    function wrap(address asset, address to, uint256 amount) external;
    function unwrap(address asset, address to, uint256 amount) external;
}

interface IAdapterCtf {
    function splitPosition(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata partition, uint256 amount) external;
    function mergePositions(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata partition, uint256 amount) external;
    function redeemPositions(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata indexSets) external;
    function getPositionId(bytes32 conditionId, uint256 indexSet) external view returns (uint256);
    function balanceOf(address account, uint256 id) external view returns (uint256);
    function safeTransferFrom(address from, address to, uint256 id, uint256 amount, bytes calldata data) external;
    function setApprovalForAll(address operator, bool approved) external;
}

/// Polymarket's CtfCollateralAdapter / NegRiskCtfCollateralAdapter, minimal: pUSD-native split, merge and
/// redeem on a CTF whose positions are keyed to USDC.e. The caller approves the adapter (pUSD `approve`, CTF
/// `setApprovalForAll`) once; the adapter unwraps/wraps through the ramp and passes positions and pUSD through.
contract CollateralAdapter {
    address public ctf;
    address public pusd;
    address public usdce;
    address public ramp;

    event Redeemed(address indexed holder, bytes32 indexed conditionId, uint256 payout);

    function initialize(address ctf_, address pusd_, address usdce_, address ramp_) external {
        require(ctf == address(0), "initialized");
        ctf = ctf_;
        pusd = pusd_;
        usdce = usdce_;
        ramp = ramp_;
        IAdapterToken(usdce_).approve(ctf_, type(uint256).max);
        IAdapterToken(usdce_).approve(ramp_, type(uint256).max);
    }

    function splitPosition(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata partition, uint256 amount) external {
        require(collateralToken == pusd, "collateral must be pUSD");
        require(IAdapterToken(pusd).transferFrom(msg.sender, address(this), amount), "pUSD transfer");
        IAdapterRamp(ramp).unwrap(usdce, address(this), amount);
        IAdapterCtf(ctf).splitPosition(usdce, parentCollectionId, conditionId, partition, amount);
        for (uint256 i = 0; i < partition.length; i++) {
            IAdapterCtf(ctf).safeTransferFrom(address(this), msg.sender, IAdapterCtf(ctf).getPositionId(conditionId, partition[i]), amount, "");
        }
    }

    function mergePositions(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata partition, uint256 amount) external {
        require(collateralToken == pusd, "collateral must be pUSD");
        for (uint256 i = 0; i < partition.length; i++) {
            IAdapterCtf(ctf).safeTransferFrom(msg.sender, address(this), IAdapterCtf(ctf).getPositionId(conditionId, partition[i]), amount, "");
        }
        IAdapterCtf(ctf).mergePositions(usdce, parentCollectionId, conditionId, partition, amount);
        IAdapterRamp(ramp).wrap(usdce, msg.sender, amount);
    }

    function redeemPositions(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata indexSets) external {
        require(collateralToken == pusd, "collateral must be pUSD");
        for (uint256 i = 0; i < indexSets.length; i++) {
            uint256 id = IAdapterCtf(ctf).getPositionId(conditionId, indexSets[i]);
            uint256 held = IAdapterCtf(ctf).balanceOf(msg.sender, id);
            if (held > 0) IAdapterCtf(ctf).safeTransferFrom(msg.sender, address(this), id, held, "");
        }
        uint256 before = IAdapterToken(usdce).balanceOf(address(this));
        IAdapterCtf(ctf).redeemPositions(usdce, parentCollectionId, conditionId, indexSets);
        uint256 payout = IAdapterToken(usdce).balanceOf(address(this)) - before;
        if (payout > 0) IAdapterRamp(ramp).wrap(usdce, msg.sender, payout);
        emit Redeemed(msg.sender, conditionId, payout);
    }
}
