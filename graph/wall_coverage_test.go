package graph

import (
	"strings"
	"testing"
)

// gorgoniaConstructors maps every exported function of gorgonia v0.9.18 that adds an op
// node to a graph to the wall cases that run it (a prefix of their names), or to why it has
// none: the wall is complete when this list is.
var gorgoniaConstructors = map[string]string{
	"Abs": "Abs", "Sign": "Sign", "Ceil": "Ceil", "Floor": "Floor", "Sin": "Sin", "Cos": "Cos",
	"Exp": "Exp", "Log": "Log(", "Log2": "Log2", "Neg": "Neg", "Square": "Square", "Sqrt": "Sqrt",
	"Inverse": "Inverse(", "InverseSqrt": "InverseSqrt", "Cube": "Cube", "Tanh": "Tanh",
	"Sigmoid": "Sigmoid", "Log1p": "Log1p", "Expm1": "Expm1", "Softplus": "Softplus",
	"Mish": "Mish", "Rectify": "Rectify", "LeakyRelu": "LeakyRelu",
	"Add": "Add", "Sub": "Sub", "HadamardProd": "HadamardProd", "HadamardDiv": "HadamardDiv",
	"Pow": "Pow", "Lt": "Lt mask", "Gt": "Gt mask", "Lte": "Lte mask", "Gte": "Gte mask",
	"Eq": "Eq mask", "Ne": "Ne mask",
	"BroadcastAdd": "BroadcastAdd", "BroadcastSub": "BroadcastSub",
	"BroadcastHadamardProd": "BroadcastHadamardProd", "BroadcastHadamardDiv": "BroadcastHadamardDiv",
	"BroadcastPow": "BroadcastPow", "BroadcastGte": "BroadcastGte mask",
	"BroadcastLt": "-the same elemBinOp as BroadcastGte", "BroadcastGt": "-the same elemBinOp as BroadcastGte",
	"BroadcastLte": "-the same elemBinOp as BroadcastGte", "BroadcastEq": "-the same elemBinOp as BroadcastGte",
	"BroadcastNe": "-the same elemBinOp as BroadcastGte", "Broadcast": "-builds the same repeats as BroadcastAdd",
	"Auto": "-calls a Broadcast function",
	"Sum":  "Sum", "Mean": "Mean", "Max": "Max", "Norm": "Norm", "ReduceAdd": "ReduceAdd", "ReduceMul": "ReduceMul",
	"Slice": "Slice", "Reshape": "Reshape", "Ravel": "Ravel", "Transpose": "Transpose", "Concat": "Concat",
	"Unconcat": "-builds Slices", "SizeOf": "SizeOf", "At": "At", "KeepDims": "KeepDims",
	"Mul": "Mul", "OuterProd": "OuterProd", "BatchedMatMul": "BatchedMatMul", "Tensordot": "Tensordot",
	"Div": "-HadamardDiv or a scalar division", "SoftMax": "SoftMax", "LogSoftMax": "LogSoftMax",
	"LogSumExp": "G.LogSumExp", "ByIndices": "G.ByIndices", "MinBetween": "MinBetween", "MaxBetween": "MaxBetween",
	"ConvType": "ConvType", "DiagFlat": "DiagFlat", "Dropout": "Dropout",
	"GaussianRandomNode": "Gorgonia's random node", "UniformRandomNode": "-refused as GaussianRandomNode (randomOp)",
	"BinomialRandomNode": "-refused as GaussianRandomNode (randomOp)",
	"BinaryXent":         "-Log, Sub, HadamardProd, Neg: all on the wall",
	"OneHotVector":       "-a constant",
	"Sparsemax":          "-refused (not checked)", "Im2Col": "-refused (convolutions)", "Conv2d": "-refused (convolutions)",
	"Conv1d": "-refused (convolutions)", "MaxPool2D": "-refused (pooling)", "MaxPool1D": "-refused (pooling)",
	"AveragePool1D": "-refused (pooling)", "AveragePool2D": "-refused (pooling)", "GlobalAveragePool2D": "-refused (pooling)",
	"BatchNorm": "-refused (running statistics)", "GroupNorm": "-refused (not checked)", "CTCLoss": "-refused (not checked)",
	"YOLOv3": "-refused (not checked)", "Upsample2D": "-refused (not checked)",
	"Let": "-a statement: Compile refuses it", "Read": "-a statement: Compile refuses it", "Set": "-a statement",
}

func TestWallCoversGorgoniaConstructors(t *testing.T) {
	t.Parallel()
	names := map[string]bool{}
	for _, c := range wallCases() {
		names[c.name] = true
	}
	for fn, prefix := range gorgoniaConstructors {
		if strings.HasPrefix(prefix, "-") {
			continue
		}
		found := false
		for name := range names {
			if strings.HasPrefix(name, prefix) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("G.%s: no wall case named %q...", fn, prefix)
		}
	}
}
