package approximations

// StepGroups returns the group of each of q's flat parameters (in FlatParams' order) for
// optimizers that keep one step size per group (optimizers.LDoWG; the fit passes the groups
// through optimizers.NewGroupedState, and other rules ignore them). Parameters that carry the
// units of one coordinate of the model's space get a group per coordinate, so that rescaling
// a coordinate rescales its steps; unit-free parameters of one kind share a group:
//
//   - MeanField: each mu_i alone; all of rho together (log-scales: a coordinate's rescaling
//     shifts its rho, which a distance from the start does not see).
//   - FullRank: each mu_i alone; the diagonal of L_tril (softplus, log-scale-like) together;
//     the off-diagonal entries of row i of L_tril together (they carry coordinate i's units).
//   - Empirical: coordinate j of every particle together.
//   - NormalizingFlow: each coordinate of a loc layer and of a radial layer's reference point
//     alone; every other parameter array of a layer (a scale layer's rho, hh's v, planar's
//     u, w, b, iaf's weights) as one group, as the layer-wise L-DoG does.
//   - Any other approximation: one group.
func StepGroups(q Approximation) []int {
	var groups []int
	next := 0
	alone := func(n int) { // n groups of one
		for range n {
			groups = append(groups, next)
			next++
		}
	}
	together := func(n int) { // one group of n
		for range n {
			groups = append(groups, next)
		}
		next++
	}
	switch q := q.(type) {
	case *MeanField:
		alone(q.dim)
		together(q.dim)
	case *FullRank:
		d := q.dim
		diag, rows := next, next+1 // the diagonal's group, then one per row
		next += 1 + d
		for i := 0; i < d; i++ {
			for j := 0; j <= i; j++ {
				if i == j {
					groups = append(groups, diag)
				} else {
					groups = append(groups, rows+i)
				}
			}
		}
		alone(d)
	case *Empirical:
		for range q.Size() {
			for j := 0; j < q.dim; j++ {
				groups = append(groups, j)
			}
		}
	case *NormalizingFlow:
		groups = make([]int, len(q.params))
		for i, l := range q.layers {
			off := q.offs[i]
			for _, p := range l.params() {
				n := p.size()
				for k := 0; k < n; k++ {
					groups[off+k] = next
					if p.name == "loc" || p.name == "z_ref" {
						next++
					}
				}
				if p.name != "loc" && p.name != "z_ref" {
					next++
				}
				off += n
			}
		}
	default:
		if q != nil {
			groups = make([]int, len(q.FlatParams()))
		}
	}
	return groups
}
